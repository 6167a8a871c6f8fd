#pragma once
// Lua values <-> JSON, the `null` sentinel, and how values read in messages. Private to harness/script/.
#include <lua.hpp>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace harness::script {

// JSON null as seen from Lua: the global `null` (a light userdata), so `error_code = null` is not a missing
// key.
void push_null(lua_State* L);
bool is_null(lua_State* L, int index);

void push_json(lua_State* L, const nlohmann::json& value);
// A table with keys 1..n is an array, any other table an object. Throws std::invalid_argument with the path
// of a value JSON cannot hold (a function, a cyclic table).
nlohmann::json to_json(lua_State* L, int index);

// A short, readable form: 200, "SUCCESS", null, nil, {"a": 1} (JSON-like, cut at `limit` characters).
std::string describe(lua_State* L, int index, std::size_t limit = 300);

// Deep equality (numbers by value, tables by content). On a difference, `where` gets its JSON pointer.
bool deep_equal(lua_State* L, int a, int b, std::string& where);

}  // namespace harness::script
