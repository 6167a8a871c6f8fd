#pragma once
// Reading the fields of a table a scenario passes, with raw access only (a metatable's __index never runs).
// Errors are std::invalid_argument: "<where><field>: <why>"; the guarded door (lua_guard.hpp) turns them
// into "file:line: <function>: <where><field>: <why>".
#include <lua.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace harness::script {

// The string at `index`, NUL bytes and all (lua_tostring's char* would stop at the first).
std::string string_at(lua_State* L, int index);
// Pushes table[key] without metamethods (lua_getfield's raw twin); returns its type.
int push_raw_field(lua_State* L, int table, const char* key);

std::string string_field(lua_State* L, int table, const char* key,
                         const std::string& where);  // "" when absent
std::optional<std::string> optional_field(lua_State* L, int table, const char* key, const std::string& where);
// Pushes a shallow copy of the table at `table` without its field `key` (raw access).
void push_table_without(lua_State* L, int table, const char* key);
void check_keys(lua_State* L, int table, const std::set<std::string>& allowed, const std::string& where);

}  // namespace harness::script
