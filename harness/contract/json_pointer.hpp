#pragma once
// RFC 6901 JSON pointers as token lists: escaping, joining, splitting, ordering, resolving.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace harness::contract::detail {

using Tokens = std::vector<std::string>;

// "a/b~c" -> "a~1b~0c"
std::string escape_token(std::string_view token);

// {"entities", "sub_jobs", "0"} -> "/entities/sub_jobs/0"; {} -> "" (the root).
std::string join_pointer(const Tokens& tokens);

// "/entities/sub_jobs/0" -> tokens; nullopt when the text is not a pointer (no leading '/', bad '~' escape).
std::optional<Tokens> split_pointer(std::string_view pointer);

// Orders pointers token by token; numeric tokens compare as numbers, so /items/2 < /items/10.
bool pointer_less(const std::string& a, const std::string& b);

// The node at tokens inside doc, or nullptr when there is none (missing key, index out of range, scalar).
const nlohmann::json* resolve(const nlohmann::json& doc, const Tokens& tokens);

}  // namespace harness::contract::detail
