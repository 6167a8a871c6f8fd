#include "harness/script/lua_value.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_walk.hpp"

namespace harness::script {
namespace {

using walk::array_length;
using walk::at;
using walk::escape_pointer_token;
using walk::kTooDeep;
using walk::PointerPath;
using walk::TablePath;

int null_tag;         // its address is the sentinel
int empty_array_tag;  // and this one's is the sentinel of JSON []

// The empty_array sentinel, or a table without any key: JSON [] arrives in Lua as an empty table.
bool is_empty_list(lua_State* L, int index) {
  if (is_empty_array(L, index)) return true;
  if (lua_type(L, index) != LUA_TTABLE) return false;
  lua_pushnil(L);
  if (!lua_next(L, index)) return true;
  lua_pop(L, 2);
  return false;
}

// Only for keys of the types this reads: lua_tolstring would turn a number key into a string in place.
std::string key_token(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TNUMBER && lua_isinteger(L, index))
    return std::to_string(lua_tointeger(L, index) - 1);  // JSON pointers count from 0
  if (lua_type(L, index) == LUA_TSTRING) return escape_pointer_token(string_at(L, index));
  return "?";
}

nlohmann::json to_json_at(lua_State* L, int index, PointerPath& pointer, TablePath& path) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      return nullptr;
    case LUA_TBOOLEAN:
      return static_cast<bool>(lua_toboolean(L, index));
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return static_cast<std::int64_t>(lua_tointeger(L, index));
      return lua_tonumber(L, index);
    case LUA_TSTRING:
      return string_at(L, index);
    case LUA_TLIGHTUSERDATA:
      if (is_null(L, index)) return nullptr;
      if (is_empty_array(L, index)) return nlohmann::json::array();
      break;
    case LUA_TTABLE: {
      path.enter(L, index, pointer);
      nlohmann::json result;
      if (lua_Integer n = array_length(L, index); n > 0) {
        result = nlohmann::json::array();
        result.get_ref<nlohmann::json::array_t&>().reserve(
            static_cast<std::size_t>(std::min<lua_Integer>(n, 1 << 20)));
        for (lua_Integer i = 1; i <= n; ++i) {
          lua_rawgeti(L, index, i);
          pointer.push_index(i);
          result.push_back(to_json_at(L, -1, pointer, path));
          pointer.pop();
          lua_pop(L, 1);
        }
      } else {
        result = nlohmann::json::object();
        auto& object = result.get_ref<nlohmann::json::object_t&>();
        lua_pushnil(L);
        while (lua_next(L, index)) {
          std::string key;
          if (lua_type(L, -2) == LUA_TSTRING)
            key = string_at(L, -2);
          else if (path.mixed_tables_as_objects && lua_isinteger(L, -2))
            key = std::to_string(lua_tointeger(L, -2));
          else
            throw std::invalid_argument(at("a table mixing list items and named keys", pointer.text()));
          pointer.push_key(key);
          auto value = to_json_at(L, -1, pointer, path);
          pointer.pop();
          object.insert_or_assign(std::move(key), std::move(value));
          lua_pop(L, 1);
        }
      }
      path.leave();
      return result;
    }
    default:
      break;
  }
  throw std::invalid_argument(
      at(std::string("a ") + luaL_typename(L, index) + " has no JSON form", pointer.text()));
}

// The pointer to the first array or object at `level` > kMaxDepth; the recursion stops there.
std::optional<std::string> too_deep_at(const nlohmann::json& value, int level) {
  if (!value.is_structured()) return std::nullopt;
  if (level > kMaxDepth) return "";
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto inner = too_deep_at(value[i], level + 1)) return "/" + std::to_string(i) + *inner;
  } else {
    for (const auto& [key, item] : value.items())
      if (auto inner = too_deep_at(item, level + 1)) return "/" + escape_pointer_token(key) + *inner;
  }
  return std::nullopt;
}

// Only for values json_nesting_problem accepted: the recursion is then at most kMaxDepth deep.
void push_json_at(lua_State* L, const nlohmann::json& value) {
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
      push_unsigned(L, value.get<std::uint64_t>());
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
      lua_createtable(L, static_cast<int>(std::min<std::size_t>(value.size(), 1u << 20)), 0);
      lua_Integer i = 1;
      for (const auto& item : value) {
        push_json_at(L, item);
        lua_rawseti(L, -2, i++);
      }
      break;
    }
    case nlohmann::json::value_t::object: {
      lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(value.size(), 1u << 20)));
      for (const auto& [key, item] : value.items()) {
        lua_pushlstring(L, key.data(), key.size());
        push_json_at(L, item);
        lua_rawset(L, -3);
      }
      break;
    }
    default:
      lua_pushnil(L);
      break;
  }
}

bool equal_at(lua_State* L, int a, int b, const std::string& pointer, TablePath& path_a, TablePath& path_b,
              std::string& where) {
  a = lua_absindex(L, a);
  b = lua_absindex(L, b);
  // Raw equality compares numbers by value (1 == 1.0) and runs no __eq; the same table equals itself.
  if (lua_rawequal(L, a, b)) return true;
  if ((is_empty_array(L, a) || is_empty_array(L, b)) && is_empty_list(L, a) && is_empty_list(L, b))
    return true;
  if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE) {
    where = pointer;
    return false;
  }
  path_a.enter(L, a, pointer);
  path_b.enter(L, b, pointer);
  // Every key of a must be in b with an equal value, and b must have no other key. A difference ends the
  // whole comparison, so the paths need not be left on the way out.
  lua_pushnil(L);
  while (lua_next(L, a)) {
    const std::string inner = pointer + "/" + key_token(L, -2);
    lua_pushvalue(L, -2);
    lua_rawget(L, b);
    if (!equal_at(L, -2, -1, inner, path_a, path_b, where)) {
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
    const bool missing = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (missing) {
      where = pointer + "/" + key_token(L, -1);
      lua_pop(L, 1);
      return false;
    }
  }
  path_a.leave();
  path_b.leave();
  return true;
}

}  // namespace

void push_null(lua_State* L) {
  lua_pushlightuserdata(L, &null_tag);
}

void push_unsigned(lua_State* L, std::uint64_t value) {
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max()))
    lua_pushinteger(L, static_cast<lua_Integer>(value));
  else
    lua_pushnumber(L, static_cast<lua_Number>(value));
}

bool is_null(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == &null_tag;
}

void push_empty_array(lua_State* L) {
  lua_pushlightuserdata(L, &empty_array_tag);
}

bool is_empty_array(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == &empty_array_tag;
}

std::optional<std::string> json_nesting_problem(const nlohmann::json& value) {
  if (auto pointer = too_deep_at(value, 1)) return at(kTooDeep, *pointer);
  return std::nullopt;
}

void push_json(lua_State* L, const nlohmann::json& value) {
  if (auto problem = json_nesting_problem(value)) throw std::invalid_argument(*problem);
  push_json_at(L, value);
}

namespace {

nlohmann::json convert(lua_State* L, int index, bool mixed_tables_as_objects) {
  index = lua_absindex(L, index);
  const int top = lua_gettop(L);
  std::string problem;
  try {
    TablePath path;
    path.mixed_tables_as_objects = mixed_tables_as_objects;
    PointerPath pointer;
    return to_json_at(L, index, pointer, path);
  } catch (const std::invalid_argument& e) {
    problem = e.what();
  }
  lua_settop(L, top);  // a walk stopped halfway leaves its keys and values on the stack
  throw std::invalid_argument(problem);
}

}  // namespace

nlohmann::json to_json(lua_State* L, int index) {
  return convert(L, index, false);
}

nlohmann::json spec_json(lua_State* L, int index) {
  return convert(L, index, true);
}

std::string json_text(lua_State* L, int index, const std::string& field) {
  if (lua_type(L, index) == LUA_TSTRING) return string_at(L, index);
  std::string problem;
  try {
    return to_json(L, index).dump();
  } catch (const std::invalid_argument& e) {
    problem = e.what();
  } catch (const nlohmann::json::type_error& e) {  // 316: a string that is not UTF-8
    problem = std::string("a string is not valid UTF-8 (bytes that are not UTF-8 go in a string body): ") +
              e.what();
  }
  throw std::invalid_argument(field + ": " + problem);
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
    case LUA_TTHREAD:
      text = "a thread";
      break;
    default:
      try {
        text = to_json(L, index).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      } catch (const std::invalid_argument& e) {
        text = std::string("a ") + lua_typename(L, lua_type(L, index)) + " (" + e.what() + ")";
      } catch (const std::exception&) {  // bad_alloc: still a message, if a shorter one
        text = std::string("a ") + lua_typename(L, lua_type(L, index));
      }
  }
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

bool deep_equal(lua_State* L, int a, int b, std::string& where) {
  TablePath path_a, path_b;
  where.clear();
  return equal_at(L, a, b, "", path_a, path_b, where);
}

}  // namespace harness::script
