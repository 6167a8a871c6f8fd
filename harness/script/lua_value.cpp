#include "harness/script/lua_value.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace harness::script {
namespace {

int null_tag;  // its address is the sentinel

std::string escape_pointer_token(std::string token) {
  std::string out;
  for (char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::string key_token(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TNUMBER && lua_isinteger(L, index))
    return std::to_string(lua_tointeger(L, index) - 1);  // JSON pointers count from 0
  if (lua_type(L, index) == LUA_TSTRING) return escape_pointer_token(lua_tostring(L, index));
  return "?";
}

// Length of the array part when the table's keys are exactly 1..n; -1 otherwise.
lua_Integer array_length(lua_State* L, int index) {
  index = lua_absindex(L, index);
  lua_Integer count = 0, max = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
      lua_pop(L, 1);
      return -1;
    }
    ++count;
    max = std::max(max, lua_tointeger(L, -1));
  }
  return count == max ? count : -1;
}

nlohmann::json to_json_at(lua_State* L, int index, const std::string& path, int depth) {
  index = lua_absindex(L, index);
  if (depth > 64) throw std::invalid_argument((path.empty() ? "/" : path) + ": nested too deep (a cycle?)");
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      return nullptr;
    case LUA_TBOOLEAN:
      return static_cast<bool>(lua_toboolean(L, index));
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return static_cast<std::int64_t>(lua_tointeger(L, index));
      return lua_tonumber(L, index);
    case LUA_TSTRING: {
      std::size_t n;
      const char* s = lua_tolstring(L, index, &n);
      return std::string(s, n);
    }
    case LUA_TLIGHTUSERDATA:
      if (is_null(L, index)) return nullptr;
      break;
    case LUA_TTABLE: {
      lua_Integer n = array_length(L, index);
      if (n > 0) {
        auto array = nlohmann::json::array();
        for (lua_Integer i = 1; i <= n; ++i) {
          lua_rawgeti(L, index, i);
          array.push_back(to_json_at(L, -1, path + "/" + std::to_string(i - 1), depth + 1));
          lua_pop(L, 1);
        }
        return array;
      }
      auto object = nlohmann::json::object();
      lua_pushnil(L);
      while (lua_next(L, index)) {
        if (lua_type(L, -2) != LUA_TSTRING)
          throw std::invalid_argument((path.empty() ? "/" : path) +
                                      ": a table mixing list items and named keys");
        std::string key = lua_tostring(L, -2);
        object[key] = to_json_at(L, -1, path + "/" + escape_pointer_token(key), depth + 1);
        lua_pop(L, 1);
      }
      return object;
    }
    default:
      break;
  }
  throw std::invalid_argument((path.empty() ? "/" : path) + ": a " + luaL_typename(L, index) +
                              " has no JSON form");
}

}  // namespace

void push_null(lua_State* L) {
  lua_pushlightuserdata(L, &null_tag);
}

bool is_null(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == &null_tag;
}

void push_json(lua_State* L, const nlohmann::json& value) {
  luaL_checkstack(L, 4, "JSON nested too deep");
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      push_null(L);
      break;
    case nlohmann::json::value_t::boolean:
      lua_pushboolean(L, value.get<bool>());
      break;
    case nlohmann::json::value_t::number_integer:
      lua_pushinteger(L, value.get<std::int64_t>());
      break;
    case nlohmann::json::value_t::number_unsigned:
      lua_pushinteger(L, static_cast<lua_Integer>(value.get<std::uint64_t>()));
      break;
    case nlohmann::json::value_t::number_float:
      lua_pushnumber(L, value.get<double>());
      break;
    case nlohmann::json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case nlohmann::json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 1;
      for (const auto& item : value) {
        push_json(L, item);
        lua_rawseti(L, -2, i++);
      }
      break;
    }
    case nlohmann::json::value_t::object: {
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (const auto& [key, item] : value.items()) {
        push_json(L, item);
        lua_setfield(L, -2, key.c_str());
      }
      break;
    }
    default:
      lua_pushnil(L);
      break;
  }
}

nlohmann::json to_json(lua_State* L, int index) {
  return to_json_at(L, index, "", 0);
}

std::string describe(lua_State* L, int index, std::size_t limit) {
  std::string text;
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      text = "nil";
      break;
    case LUA_TFUNCTION:
      text = "a function";
      break;
    case LUA_TUSERDATA:
      text = "a userdata";
      break;
    default:
      try {
        text = to_json(L, index).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      } catch (const std::invalid_argument&) {
        text = std::string("a ") + luaL_typename(L, index);
      }
  }
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

bool deep_equal(lua_State* L, int a, int b, std::string& where) {
  a = lua_absindex(L, a);
  b = lua_absindex(L, b);
  if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE)
    return lua_rawequal(L, a, b) || lua_compare(L, a, b, LUA_OPEQ);
  luaL_checkstack(L, 6, "tables nested too deep");
  // Every key of a must be in b with an equal value, and b must have no other key.
  lua_pushnil(L);
  while (lua_next(L, a)) {
    lua_pushvalue(L, -2);
    lua_rawget(L, b);
    std::string inner;
    if (!deep_equal(L, -2, -1, inner)) {
      where = "/" + key_token(L, -3) + inner;
      lua_pop(L, 3);
      return false;
    }
    lua_pop(L, 2);
  }
  lua_pushnil(L);
  while (lua_next(L, b)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawget(L, a);
    bool missing = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (missing) {
      where = "/" + key_token(L, -1);
      lua_pop(L, 1);
      return false;
    }
  }
  return true;
}

}  // namespace harness::script
