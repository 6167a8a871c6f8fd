#pragma once
// JSON text is UTF-8 (RFC 8259, section 8.1), and valijson reads strings as UTF-8 without checking: its
// minLength and maxLength read past a table on a run of continuation bytes. A value built from Lua can hold
// any bytes, so the check finds those first.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace harness::contract {

// The JSON pointer of the first string (or object key) that is not valid UTF-8, in document order; nullopt
// when every one is ("" is the whole value). Walks without recursion, so a value of any depth is safe.
std::optional<std::string> first_string_not_utf8(const nlohmann::json& value);

}  // namespace harness::contract
