// Every C function the harness gives a script goes through the one guarded door (lua_guard.hpp), so no C++
// exception can unwind through the interpreter: a function registered any other way fails this test.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"

namespace {

using namespace harness;

// Calls `visit(L, index, name)` for every function reachable from the table at `index` (two levels of
// tables deep, plus the metatables of the values seen), e.g. "fake.clock.now".
template <typename Visit>
void for_each_function(lua_State* L, int index, const std::string& prefix, int depth, Visit&& visit) {
  index = lua_absindex(L, index);
  lua_pushnil(L);
  while (lua_next(L, index)) {
    const std::string name = prefix + (lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
    if (lua_type(L, -1) == LUA_TFUNCTION) visit(L, -1, name);
    if (lua_type(L, -1) == LUA_TTABLE && depth > 0 && name != "_G")
      for_each_function(L, -1, name + ".", depth - 1, visit);
    if (lua_getmetatable(L, -1)) {
      for_each_function(L, -1, name + "<meta>.", 0, visit);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
}

// The C functions of Lua's own libraries, as the bare sandbox has them.
std::set<lua_CFunction> standard_functions() {
  script::LuaState bare(16u << 20);
  std::set<lua_CFunction> functions;
  lua_pushglobaltable(bare.get());
  for_each_function(bare.get(), -1, "", 2, [&](lua_State* L, int index, const std::string&) {
    if (lua_iscfunction(L, index) && !script::is_guarded(L, index))
      functions.insert(lua_tocfunction(L, index));
  });
  return functions;
}

TEST(GuardedDoor, EveryFunctionTheHarnessRegistersIsGuarded) {
  fake::SharedWorld world;
  fake::FakeServer server(world, {});
  client::HttpClient client({"http", "127.0.0.1", server.port()});
  contract::FixtureStore fixtures(std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures");
  script::ScenarioEnv env{&world, client, fixtures, script::kDefaultProjectId, {}};
  script::ScriptContext context{.env = env, .file = "guarded.lua"};
  script::LuaState state(64u << 20);
  lua_State* L = state.get();
  script::set_context(L, &context);
  script::register_case_api(L);
  script::register_expect_api(L);
  script::register_http_api(L);
  script::register_fake_api(L);

  // Functions made at run time: an expectation's methods (made when read), the error table's __tostring.
  const char* code =
      "local e = expect(1)\n"
      "local ok, failure = pcall(e.equals, 2)\n"
      "return { expectation = e, matchers = { equals = e.equals, conforms = e.conforms, has = e.has },\n"
      "         failure = failure }\n";
  ASSERT_EQ(luaL_loadstring(L, code), LUA_OK);
  ASSERT_EQ(state.protected_call(0, 1), LUA_OK) << lua_tostring(L, -1);
  lua_setglobal(L, "made_at_run_time");

  const auto standard = standard_functions();
  std::set<std::string> checked;
  lua_pushglobaltable(L);
  for_each_function(L, -1, "", 2, [&](lua_State* L, int index, const std::string& name) {
    if (!lua_iscfunction(L, index) || standard.count(lua_tocfunction(L, index))) return;
    EXPECT_TRUE(script::is_guarded(L, index)) << name << " is registered without the guarded door";
    checked.insert(name);
  });
  for (const char* name :
       {"case", "print", "fixture", "expect", "http.get", "fake.job", "fake.clock.now",
        "null<meta>.__tostring", "made_at_run_time.expectation<meta>.__index",
        "made_at_run_time.matchers.equals", "made_at_run_time.matchers.conforms",
        "made_at_run_time.matchers.has", "made_at_run_time.failure<meta>.__tostring", "_G<meta>.__index"})
    EXPECT_TRUE(checked.count(name)) << name << " was not reached";
}

}  // namespace
