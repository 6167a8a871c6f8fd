#pragma once
// Lua values <-> JSON, the `null` sentinel, and how values read in messages: the one conversion between a
// script's values and the harness's. Tables are read with raw access only (no metamethod runs), at most
// kMaxDepth levels deep and never around a cycle. Private to harness/script/.
#include <cstdint>
#include <lua.hpp>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace harness::script {

// How many tables (or JSON arrays and objects) may nest, in either direction.
inline constexpr int kMaxDepth = 64;

// JSON null as seen from Lua: the global `null` (a light userdata), so `error_code = null` is not a missing
// key.
void push_null(lua_State* L);
bool is_null(lua_State* L, int index);
// JSON [] as seen from Lua: the global `empty_array` (a light userdata), because an empty table is `{}`. It
// equals an empty table in deep_equal (JSON [] arrives as one).
void push_empty_array(lua_State* L);
bool is_empty_array(lua_State* L, int index);

// A JSON integer beyond lua_Integer's range arrives as Lua reads such a literal: a float, never wrapped
// to a negative integer.
void push_unsigned(lua_State* L, std::uint64_t value);

// "nested deeper than 64 levels at /0/0/..." when `value` nests deeper than kMaxDepth; nullopt otherwise.
std::optional<std::string> json_nesting_problem(const nlohmann::json& value);
// Pushes `value` as Lua values; throws std::invalid_argument (before pushing anything) when it nests too
// deep.
void push_json(lua_State* L, const nlohmann::json& value);

// A table with keys 1..n is an array, any other table an object. Throws std::invalid_argument
// "<problem> at <JSON pointer>" for a value JSON cannot hold: a function, a table mixing list items and
// names, a table nested deeper than kMaxDepth, a cyclic table. The Lua stack is left as it was.
nlohmann::json to_json(lua_State* L, int index);
// A fake.* table as JSON for the spec module (harness/fake/spec.hpp): as to_json, but a table mixing list
// items and names, such as {"RUNNING", seconds = 5}, is an object whose items are named by position ("1").
// read_spec (lua_spec.hpp) reads a table the same way without building JSON.
nlohmann::json spec_json(lua_State* L, int index);
// A body to send: a string as it is, any other value as JSON text. Throws std::invalid_argument
// "<field>: <problem>", also for a string in a table that is not UTF-8 (JSON text cannot hold it).
std::string json_text(lua_State* L, int index, const std::string& field);

// A short, readable form: 200, "SUCCESS", null, nil, {"a": 1} (JSON-like, cut at `limit` characters); a
// table JSON cannot hold reads "a table (<problem>)". Throws no C++ exception.
std::string describe(lua_State* L, int index, std::size_t limit = 300);

// Deep equality (numbers by value, tables by raw content; the same table equals itself without a look
// inside). On a difference, `where` gets its JSON pointer. Throws std::invalid_argument for tables nested
// deeper than kMaxDepth or cyclic.
bool deep_equal(lua_State* L, int a, int b, std::string& where);

}  // namespace harness::script
