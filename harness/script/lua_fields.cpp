// Reading the fields of a table a scenario passes (fake.job{...} and friends), with messages that name the
// field.
#include "harness/script/lua_fields.hpp"

#include <stdexcept>

namespace harness::script {

std::string string_field(lua_State* L, int table, const char* key, const std::string& where) {
  lua_getfield(L, table, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return {};
  }
  if (lua_type(L, -1) != LUA_TSTRING) throw std::invalid_argument(where + key + ": must be a string");
  std::string value = lua_tostring(L, -1);
  lua_pop(L, 1);
  return value;
}

std::optional<std::string> optional_field(lua_State* L, int table, const char* key,
                                          const std::string& where) {
  auto value = string_field(L, table, key, where);
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

void check_keys(lua_State* L, int table, const std::set<std::string>& allowed, const std::string& where) {
  lua_pushnil(L);
  while (lua_next(L, table)) {
    lua_pop(L, 1);
    std::string key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    if (!allowed.count(key)) {
      lua_pop(L, 1);
      std::string names;
      for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
      throw std::invalid_argument(where + key + ": unknown field (expected one of " + names + ")");
    }
  }
}

}  // namespace harness::script
