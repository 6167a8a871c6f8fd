#pragma once
// Lua source text for values: string literals that hold any bytes, table constructors laid out within the
// project's 120-column lines (.luacheckrc), and Lua expressions placed among JSON values.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace harness::capture::lua_text {

using Json = nlohmann::ordered_json;  // keeps the order fields were captured in

inline constexpr std::size_t kLineLimit = 120;

// A Lua expression to write as it is where a JSON value goes (`"/v1/" .. project_id .. "/jobs/x"`): a JSON
// string that value() recognises and does not quote.
Json expression(std::string text);

// A short string literal: printable ASCII and valid UTF-8 as they are, `\"`, `\\`, `\n`, `\r`, `\t`, and
// every other byte as `\ddd`, so any bytes survive.
std::string quote(std::string_view bytes);

// A table key: `name` when it is a Lua name, else `["any text"]`.
std::string key(std::string_view name);

// `value` as Lua source starting at column `column` of a line indented by `indent` spaces, leaving `tail`
// characters for what follows it on its last line (a comma, a parenthesis). JSON null is `null`, `[]` is
// `empty_array`; a table or string that does not fit is spread over lines (strings joined with `..`).
std::string value(const Json& value, std::size_t indent, std::size_t column, std::size_t tail = 1);

}  // namespace harness::capture::lua_text
