// expect(value).equals(x) and expect(response).conforms("service/fixture"): a failed expectation stops the
// case (or, inside soft(fn), is collected: api_soft.cpp). The other matchers are in api_matchers.cpp.
#include <boost/json/value.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness/contract/fixture_store.hpp"
#include "harness/script/context.hpp"
#include "harness/script/expect_support.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"
#include "harness/script/response_body.hpp"

namespace harness::script {

std::string expectation_where(lua_State* L) {
  std::string where = lua_location(L, 1);
  if (lua_type(L, kExpectedLabel) == LUA_TSTRING) where += string_at(L, kExpectedLabel) + ": ";
  return where;
}

std::string detail_with_exchange(lua_State* L, const std::string& text) {
  const auto& exchanges = context_of(L).exchanges;
  if (exchanges.empty()) return text;
  return text + "\n\nlast HTTP exchange of the case:\n" + exchanges.back().transcript();
}

namespace {

constexpr int kValue = kExpectedValue;

int expect_equals(lua_State* L) {
  luaL_checkany(L, 1);  // equals() without a value is a mistake, not a comparison with nil
  lua_settop(L, 1);
  lua_pushvalue(L, kValue);  // 2: actual
  std::string pointer;
  if (deep_equal(L, 2, 1, pointer)) return 0;
  std::string message = expectation_where(L) + "expected " + describe(L, 1) + ", got " + describe(L, 2);
  if (!pointer.empty()) message += " (they differ at " + pointer + ")";
  fail_expectation(L, "expectation", message, detail_with_exchange(L, message));
  return 0;
}

// A response table is checked by its body as received; any other value by its JSON form.
// The value conforms() checks: a response's parsed body, shared with res.json (response_body.hpp), or a value
// of its own.
struct CheckedValue {
  nlohmann::json owned;
  const nlohmann::json* shared = nullptr;
  const boost::json::value* plain = nullptr;  // the parsed body by Boost.JSON, when it was (ParsedBody)
  std::vector<contract::Violation> check(const contract::FixtureStore& fixtures,
                                         const std::string& schema) const {
    if (plain != nullptr) return fixtures.check_plain(schema, *plain);
    return fixtures.check(schema, shared != nullptr ? *shared : owned);
  }
};

CheckedValue value_to_check(lua_State* L, int index, std::string& problem) {
  CheckedValue out;
  if (lua_type(L, index) == LUA_TTABLE) {
    push_raw_field(L, index, "body");
    push_raw_field(L, index, "status");
    bool response = lua_type(L, -2) == LUA_TSTRING && lua_isinteger(L, -1);
    lua_pop(L, 2);
    if (response) {
      if (const ParsedBody* parsed = parsed_response_body(L, index)) {
        if (parsed->plain)
          out.plain = parsed->plain.get();
        else if (parsed->value)
          out.shared = &*parsed->value;
        else
          problem =
              parsed->nesting ? "the response body is " + *parsed->nesting : "the response body is not JSON";
        return out;
      }
      push_raw_field(L, index, "body");  // a table made to look like a response, or one whose body changed
      const std::string body = string_at(L, -1);
      lua_pop(L, 1);
      out.owned = nlohmann::json::parse(body, nullptr, false);
      if (out.owned.is_discarded())
        problem = "the response body is not JSON";
      else if (auto nesting = json_nesting_problem(out.owned))
        problem = "the response body is " + *nesting;  // the schema walk would follow it that deep
      return out;
    }
  }
  try {
    out.owned = to_json(L, index);
  } catch (const std::invalid_argument& e) {
    problem = std::string("the value has no JSON form: ") + e.what();
  }
  return out;
}

int expect_conforms(lua_State* L) {
  std::string schema = luaL_checkstring(L, 1);
  const std::string where = expectation_where(L);
  std::string problem, broken_fixture;
  std::vector<contract::Violation> violations;
  try {
    const CheckedValue value = value_to_check(L, kValue, problem);
    if (problem.empty()) violations = value.check(context_of(L).env.fixtures, schema);
  } catch (const contract::FixtureError& e) {
    broken_fixture = e.what();
  }
  if (!broken_fixture.empty()) {  // raised after the catch block: a Lua error must not unwind from inside one
    std::string message = where + "broken fixture: " + broken_fixture;
    fail_expectation(L, "fixture", message, message);
    return 0;
  }
  if (!problem.empty()) {
    std::string message = where + schema + ": " + problem;
    fail_expectation(L, "schema", message, detail_with_exchange(L, message));
    return 0;
  }
  if (violations.empty()) return 0;
  std::string message = where + schema + ": " + violations.front().text();
  if (violations.size() > 1) message += " (and " + std::to_string(violations.size() - 1) + " more)";
  std::string detail =
      message + "\n\nfixture: " + (context_of(L).env.fixtures.root() / (schema + ".schema.json")).string();
  for (const auto& violation : violations) detail += "\n  " + violation.text();
  fail_expectation(L, "schema", message, detail_with_exchange(L, detail));
  return 0;
}

// An expectation is a userdata holding the value and the label as its user values; a matcher's closure is
// made when the script reads it (expect(x).equals), not eleven of them for every expect() call.
constexpr const char* kExpectationType = "harness.expectation";
constexpr int kMatcherNames = guarded_upvalue(1);  // of expectation_index: name -> {body, "expect(...).name"}

// __index of an expectation: the matcher `key`, closing over the value and the label; nil for another key.
int expectation_index(lua_State* L) {
  lua_settop(L, 2);
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  lua_pushvalue(L, 2);
  if (lua_rawget(L, kMatcherNames) != LUA_TTABLE) return 0;  // 3
  lua_rawgeti(L, 3, 1);                                      // 4: the body
  lua_rawgeti(L, 3, 2);                                      // 5: its name
  auto body = reinterpret_cast<lua_CFunction>(lua_touserdata(L, 4));
  const char* name = lua_tostring(L, 5);  // valid while it stays at 5
  lua_getiuservalue(L, 1, 1);
  lua_getiuservalue(L, 1, 2);
  push_guarded(L, name, body, 2);
  return 1;
}

void push_expectation_metatable(lua_State* L) {
  if (!luaL_newmetatable(L, kExpectationType)) return;
  std::vector<luaL_Reg> matchers{{"equals", expect_equals}, {"conforms", expect_conforms}};
  add_matchers(matchers);
  lua_createtable(L, 0, static_cast<int>(matchers.size()));
  for (const auto& matcher : matchers) {
    lua_createtable(L, 2, 0);
    lua_pushlightuserdata(L, reinterpret_cast<void*>(matcher.func));
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, (std::string("expect(...).") + matcher.name).c_str());
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, matcher.name);
  }
  push_guarded(L, "expect(...)", expectation_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);  // getmetatable(expect(x)) is false: scripts neither see nor change it
  lua_setfield(L, -2, "__metatable");
}

// expect(value [, label])
int lua_expect(lua_State* L) {
  luaL_checkany(L, 1);
  lua_settop(L, 2);  // a label that is not a string is not one: expect(pcall(f)) passes pcall's extra results
  if (lua_type(L, 2) != LUA_TSTRING) {
    lua_pushnil(L);
    lua_replace(L, 2);
  }
  lua_newuserdatauv(L, 0, 2);  // 3
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, 3, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, 3, 2);
  push_expectation_metatable(L);
  lua_setmetatable(L, 3);
  return 1;
}

}  // namespace

void register_expect_api(lua_State* L) {
  set_guarded_global(L, "expect", lua_expect);
  register_soft_api(L);
  keep_string_find(L);
}

}  // namespace harness::script
