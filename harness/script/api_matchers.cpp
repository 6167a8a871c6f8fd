// The matchers beyond equals and conforms: expect(x).not_equals, matches, contains, at_least, at_most,
// between, near, has_type and has. Each fails with "file:line: expected ..., got ..." and a JSON pointer
// where one fits. Tables are read raw, as everywhere in the harness.
#include <cmath>
#include <set>
#include <stdexcept>

#include "harness/script/context.hpp"
#include "harness/script/expect_support.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

const char* const kStringFind = "harness.string_find";  // string.find as the sandbox opened it

// Every matcher runs with the arguments at 1.. and the actual value pushed on top, at `actual`.
int push_actual(lua_State* L) {
  lua_pushvalue(L, kExpectedValue);
  return lua_gettop(L);
}

void fail(lua_State* L, int actual, const std::string& expected, const std::string& note = "") {
  std::string message = expectation_where(L) + "expected " + expected + ", got " + describe(L, actual);
  if (!note.empty()) message += " (" + note + ")";
  fail_expectation(L, "expectation", message, detail_with_exchange(L, message));
}

int expect_not_equals(lua_State* L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  const int actual = push_actual(L);
  std::string pointer;
  if (deep_equal(L, actual, 1, pointer)) fail(L, actual, "a value other than " + describe(L, 1));
  return 0;
}

int expect_matches(lua_State* L) {
  const std::string pattern = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  const int actual = push_actual(L);
  const std::string wanted = "a string matching the Lua pattern " + describe(L, 1);
  if (lua_type(L, actual) != LUA_TSTRING) {
    fail(L, actual, wanted);
    return 0;
  }
  lua_getfield(L, LUA_REGISTRYINDEX, kStringFind);
  lua_pushvalue(L, actual);
  lua_pushvalue(L, 1);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK)  // a malformed pattern is the script's mistake, not a failure
    throw std::invalid_argument("bad pattern " + describe(L, 1) + ": " + string_at(L, -1));
  if (lua_isnil(L, -1)) fail(L, actual, wanted);
  return 0;
}

// Whether the table at `whole` holds every key of the table at `part` with an equal value; `where` gets the
// pointer of the first that differs.
bool holds_subset(lua_State* L, int whole, int part, std::string& where) {
  lua_pushnil(L);
  while (lua_next(L, part)) {
    lua_pushvalue(L, -2);
    lua_rawget(L, whole);
    std::string inner;
    const bool same = deep_equal(L, -1, -2, inner);
    if (!same) {
      const std::string key =
          lua_type(L, -3) == LUA_TSTRING ? string_at(L, -3) : std::to_string(lua_tointeger(L, -3) - 1);
      where = "/" + key + inner;
      lua_pop(L, 3);
      return false;
    }
    lua_pop(L, 2);
  }
  return true;
}

// An element equals the value, or (both tables) holds it as a subset.
bool element_matches(lua_State* L, int element, int wanted) {
  std::string ignored;
  if (lua_type(L, element) == LUA_TTABLE && lua_type(L, wanted) == LUA_TTABLE)
    return holds_subset(L, element, wanted, ignored);
  return deep_equal(L, element, wanted, ignored);
}

int expect_contains(lua_State* L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  const int actual = push_actual(L);
  const std::string wanted = describe(L, 1);
  if (lua_type(L, actual) == LUA_TSTRING) {
    if (lua_type(L, 1) != LUA_TSTRING)
      throw std::invalid_argument("a string contains only strings, got " + wanted);
    if (string_at(L, actual).find(string_at(L, 1)) == std::string::npos)
      fail(L, actual, "a string containing " + wanted);
    return 0;
  }
  if (lua_type(L, actual) != LUA_TTABLE) {
    fail(L, actual, "a string or a table containing " + wanted);
    return 0;
  }
  if (const auto length = static_cast<lua_Integer>(lua_rawlen(L, actual)); length > 0) {  // a list
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L, actual, i);
      const bool found = element_matches(L, lua_gettop(L), 1);
      lua_pop(L, 1);
      if (found) return 0;
    }
    fail(L, actual,
         "a list with an element " + std::string(lua_istable(L, 1) ? "holding " : "equal to ") + wanted);
    return 0;
  }
  std::string where;
  if (lua_type(L, 1) != LUA_TTABLE) {
    fail(L, actual, "a list with an element equal to " + wanted);
  } else if (!holds_subset(L, actual, 1, where)) {
    fail(L, actual, "a table holding " + wanted, "they differ at " + where);
  }
  return 0;
}

std::string number_text(lua_State* L, int index) {
  return describe(L, index);
}

// at_least, at_most, between: numbers by value (an integer and a float compare as Lua compares them).
int compare_bounds(lua_State* L, int low, int high, const std::string& wanted) {
  const int actual = push_actual(L);
  bool inside = lua_type(L, actual) == LUA_TNUMBER;
  if (inside && low) inside = lua_compare(L, low, actual, LUA_OPLE);
  if (inside && high) inside = lua_compare(L, actual, high, LUA_OPLE);
  if (!inside) fail(L, actual, wanted);
  return 0;
}

int expect_at_least(lua_State* L) {
  luaL_checknumber(L, 1);
  lua_settop(L, 1);
  return compare_bounds(L, 1, 0, "a number at least " + number_text(L, 1));
}

int expect_at_most(lua_State* L) {
  luaL_checknumber(L, 1);
  lua_settop(L, 1);
  return compare_bounds(L, 0, 1, "a number at most " + number_text(L, 1));
}

int expect_between(lua_State* L) {
  luaL_checknumber(L, 1);
  luaL_checknumber(L, 2);
  lua_settop(L, 2);
  if (lua_compare(L, 2, 1, LUA_OPLT))
    throw std::invalid_argument("the low bound " + number_text(L, 1) + " is above the high bound " +
                                number_text(L, 2));
  return compare_bounds(L, 1, 2, "a number between " + number_text(L, 1) + " and " + number_text(L, 2));
}

int expect_near(lua_State* L) {
  const double target = luaL_checknumber(L, 1);
  const double tolerance = luaL_checknumber(L, 2);
  if (!(tolerance >= 0)) throw std::invalid_argument("the tolerance must be a number >= 0");
  lua_settop(L, 2);
  const int actual = push_actual(L);
  const bool near =
      lua_type(L, actual) == LUA_TNUMBER && std::fabs(lua_tonumber(L, actual) - target) <= tolerance;
  if (!near) fail(L, actual, "a number within " + number_text(L, 2) + " of " + number_text(L, 1));
  return 0;
}

// Lua's type names, with "null" for JSON null and "integer"/"float" for the two kinds of number.
std::string type_of(lua_State* L, int index, const std::string& asked) {
  if (is_null(L, index)) return "null";
  if (lua_type(L, index) == LUA_TNUMBER && (asked == "integer" || asked == "float"))
    return lua_isinteger(L, index) ? "integer" : "float";
  return luaL_typename(L, index);
}

int expect_has_type(lua_State* L) {
  const std::string name = luaL_checkstring(L, 1);
  static const std::set<std::string> kNames = {"nil",    "boolean", "number",   "integer", "float",
                                               "string", "table",   "function", "null"};
  if (!kNames.count(name))
    throw std::invalid_argument(describe(L, 1) +
                                " is not one of nil, boolean, number, integer, float, string, table, "
                                "function, null");
  lua_settop(L, 1);
  const int actual = push_actual(L);
  const std::string found = type_of(L, actual, name);
  if (found != name) fail(L, actual, "a value of type " + describe(L, 1), "a " + found);
  return 0;
}

// "/a/0/b" -> the tokens "a", "0", "b" with ~1 and ~0 unescaped.
std::vector<std::string> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> tokens;
  for (std::size_t from = 1; from <= pointer.size();) {
    std::size_t slash = pointer.find('/', from);
    if (slash == std::string::npos) slash = pointer.size();
    std::string token;
    for (std::size_t i = from; i < slash; ++i) {
      if (pointer[i] == '~' && i + 1 < slash && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[++i] == '0' ? '~' : '/';
      } else {
        token += pointer[i];
      }
    }
    tokens.push_back(token);
    from = slash + 1;
  }
  return tokens;
}

// Pushes the list item (a pointer counts from 0) or the named field `token` of the table on top.
void push_step(lua_State* L, const std::string& token) {
  const bool digits = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
  if (digits && token.size() < 16 && lua_rawlen(L, -1) > 0) {
    lua_rawgeti(L, -1, std::stoll(token) + 1);
  } else {
    lua_pushlstring(L, token.data(), token.size());
    lua_rawget(L, -2);
  }
}

int expect_has(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING && !lua_isinteger(L, 1))
    return luaL_typeerror(L, 1, "string (a key or a JSON pointer) or integer");
  lua_settop(L, 1);
  const int actual = push_actual(L);
  if (lua_type(L, 1) == LUA_TSTRING && string_at(L, 1).rfind("/", 0) == 0) {
    const std::string pointer = string_at(L, 1);
    std::string reached;
    lua_pushvalue(L, actual);
    for (const auto& token : pointer_tokens(pointer)) {
      const bool table = lua_type(L, -1) == LUA_TTABLE;
      if (table) push_step(L, token);
      if (!table || lua_isnil(L, -1)) {
        fail(L, actual, "a value at " + pointer,
             "nothing at " + reached + "/" + token +
                 (table || reached.empty() ? "" : ": " + reached + " is not a table"));
        return 0;
      }
      reached += "/" + token;
    }
    return 0;
  }
  bool present = lua_type(L, actual) == LUA_TTABLE;
  if (present) {
    lua_pushvalue(L, 1);
    present = lua_rawget(L, actual) != LUA_TNIL;
  }
  if (!present) fail(L, actual, "a table with the key " + describe(L, 1));
  return 0;
}

}  // namespace

void add_matchers(std::vector<luaL_Reg>& matchers) {
  matchers.insert(matchers.end(), {{"not_equals", expect_not_equals},
                                   {"matches", expect_matches},
                                   {"contains", expect_contains},
                                   {"at_least", expect_at_least},
                                   {"at_most", expect_at_most},
                                   {"between", expect_between},
                                   {"near", expect_near},
                                   {"has_type", expect_has_type},
                                   {"has", expect_has}});
}

void keep_string_find(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_getfield(L, -1, "find");
  lua_setfield(L, LUA_REGISTRYINDEX, kStringFind);
  lua_pop(L, 1);
}

}  // namespace harness::script
