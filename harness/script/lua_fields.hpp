#pragma once
// Reading the fields of a table a scenario passes. Errors are std::invalid_argument: "<where><field>: <why>".
#include <lua.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace harness::script {

std::string string_field(lua_State* L, int table, const char* key,
                         const std::string& where);  // "" when absent
std::optional<std::string> optional_field(lua_State* L, int table, const char* key, const std::string& where);
void check_keys(lua_State* L, int table, const std::set<std::string>& allowed, const std::string& where);

// Runs `body`, turning std::invalid_argument into a Lua error "<function>: <what>". The message is copied out
// of the catch block first: a Lua error unwinds, and must not do so from inside it.
template <typename F>
int guarded(lua_State* L, const char* function, F&& body) {
  std::string problem;
  try {
    return body();
  } catch (const std::invalid_argument& e) {
    problem = e.what();
  }
  return luaL_error(L, "%s: %s", function, problem.c_str());
}

}  // namespace harness::script
