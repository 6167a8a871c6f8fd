// Reading the fields of a table a scenario passes (fake.job{...} and friends), with messages that name the
// field.
#include "harness/script/lua_fields.hpp"

#include <stdexcept>

namespace harness::script {

std::string string_at(lua_State* L, int index) {
  std::size_t length = 0;
  const char* text = lua_tolstring(L, index, &length);
  return text ? std::string(text, length) : std::string();
}

int push_raw_field(lua_State* L, int table, const char* key) {
  table = lua_absindex(L, table);
  lua_pushstring(L, key);
  return lua_rawget(L, table);
}

std::string string_field(lua_State* L, int table, const char* key, const std::string& where) {
  const int type = push_raw_field(L, table, key);
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return {};
  }
  if (type != LUA_TSTRING) throw std::invalid_argument(where + key + ": must be a string");
  std::string value = string_at(L, -1);
  lua_pop(L, 1);
  return value;
}

std::optional<std::string> optional_field(lua_State* L, int table, const char* key,
                                          const std::string& where) {
  auto value = string_field(L, table, key, where);
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

void check_keys(lua_State* L, int table, const std::set<std::string>& allowed, const std::string& where) {
  table = lua_absindex(L, table);
  lua_pushnil(L);
  while (lua_next(L, table)) {
    lua_pop(L, 1);
    const std::string key = lua_type(L, -1) == LUA_TSTRING ? string_at(L, -1) : "?";
    if (!allowed.count(key)) {
      lua_pop(L, 1);
      std::string names;
      for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
      throw std::invalid_argument(where + key + ": unknown field (expected one of " + names + ")");
    }
  }
}

void push_table_without(lua_State* L, int table, const char* key) {
  table = lua_absindex(L, table);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, table)) {
    if (lua_type(L, -2) == LUA_TSTRING && string_at(L, -2) == key) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
}

}  // namespace harness::script
