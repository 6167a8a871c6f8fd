#pragma once
// Reading the fields of a table a scenario passes. Errors are std::invalid_argument: "<where><field>: <why>".
#include <lua.hpp>
#include <optional>
#include <set>
#include <string>

namespace harness::script {

std::string string_field(lua_State* L, int table, const char* key,
                         const std::string& where);  // "" when absent
std::optional<std::string> optional_field(lua_State* L, int table, const char* key, const std::string& where);
void check_keys(lua_State* L, int table, const std::set<std::string>& allowed, const std::string& where);

}  // namespace harness::script
