// A world file's Lua-function endpoints, answered through WorldScript::answer as `harness serve`'s main loop
// does: the handler's answer, its failure (500, the message kept once for stderr, the instruction budget of
// its own) and a call for a handler the file no longer has (a reload replaced it: 503).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "harness/fake/world.hpp"
#include "harness/script/world_script.hpp"
#include "script_test_fixture.hpp"

namespace {

using harness::fake::HandlerCall;
using harness::fake::World;
using harness::testing::ScriptTest;

class WorldHandlers : public ScriptTest {
 protected:
  // The call the server would hand over for `target` (its handler id as the world holds it).
  HandlerCall call_for(const std::string& target, std::vector<std::pair<std::string, std::string>> params) {
    HandlerCall call;
    call.handler = world_.with([](World& w) { return w.declared_endpoints().back().spec->handler; });
    call.request.method = "GET";
    call.request.target = target;
    call.params = std::move(params);
    call.service = "ecs";
    call.key = "GET /v1/{project_id}/things/{id}";
    return call;
  }
};

TEST_F(WorldHandlers, TheFilesFunctionAnswersAndItsStateCarriesOver) {
  auto script = load_world(
      "local seen = 0\n"
      "fake.endpoint { path = '/v1/{project_id}/things/{id}', service = 'ecs', handler = function(req)\n"
      "  seen = seen + 1\n"
      "  return { status = 202, headers = { ['X-Seen'] = tostring(seen) },\n"
      "           body = { id = req.params.id, limit = req.query.limit } }\n"
      "end }\n");
  for (int i = 1; i <= 2; ++i) {
    auto call = call_for("/v1/p/things/t1?limit=5&limit=6", {{"project_id", "p"}, {"id", "t1"}});
    const auto answer = script->answer(call);
    EXPECT_EQ(answer.status, 202);
    EXPECT_EQ(nlohmann::json::parse(answer.body), (nlohmann::json{{"id", "t1"}, {"limit", "5"}}));
    bool seen = false;
    for (const auto& [name, value] : answer.headers) seen |= name == "X-Seen" && value == std::to_string(i);
    EXPECT_TRUE(seen) << "the answer's headers, set by the function, are served";
  }
  EXPECT_TRUE(script->take_handler_errors().empty());
  world_.with([](World& w) { EXPECT_EQ(w.journal().entries().size(), 2u) << "each answer is journaled"; });
}

TEST_F(WorldHandlers, AFailingHandlerAnswers500AndItsMessageNamesTheLineOnce) {
  auto script = load_world(
      "fake.endpoint { path = '/v1/{project_id}/things/{id}', service = 'ecs', handler = function(req)\n"
      "  error('no thing ' .. req.params.id)\n"
      "end }\n");
  auto call = call_for("/v1/p/things/t9", {{"project_id", "p"}, {"id", "t9"}});
  const auto answer = script->answer(call);
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("no thing t9"), std::string::npos) << answer.body;
  const auto errors = script->take_handler_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("world.lua:2: no thing t9"), std::string::npos) << errors[0];
  EXPECT_TRUE(script->take_handler_errors().empty());
}

TEST_F(WorldHandlers, ARunawayHandlerIsStoppedByABudgetOfItsOwn) {
  harness::script::ScriptLimits limits;
  limits.max_instructions = 200'000;
  auto script = load_world(
      "fake.endpoint { path = '/v1/{project_id}/things/{id}', service = 'ecs', handler = function()\n"
      "  while true do end\n"
      "end }\n",
      limits);
  auto call = call_for("/v1/p/things/t1", {{"project_id", "p"}, {"id", "t1"}});
  EXPECT_EQ(script->answer(call).status, 500);
  const auto errors = script->take_handler_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("world.lua:2: stopped: more than 200000 Lua instructions"), std::string::npos)
      << errors[0];
  EXPECT_NE(errors[0].find("(in the handler of GET /v1/{project_id}/things/{id})"), std::string::npos)
      << errors[0];
  // The next request gets a fresh budget: the state was not left stopped.
  EXPECT_EQ(script->answer(call).status, 500);
}

TEST_F(WorldHandlers, ACallForAHandlerTheFileDoesNotHaveIs503) {
  auto script =
      load_world("fake.endpoint { path = '/v1/{project_id}/things/{id}', handler = function() end }\n");
  auto call = call_for("/v1/p/things/t1", {{"project_id", "p"}, {"id", "t1"}});
  call.handler += 1000;  // another file's (a reload's predecessor)
  const auto answer = script->answer(call);
  EXPECT_EQ(answer.status, 503);
  EXPECT_NE(answer.body.find("is gone"), std::string::npos) << answer.body;
}

}  // namespace

// A handler's header with a line break would split the answer: it is the handler's failure, named, not sent.
TEST_F(WorldHandlers, AHandlersHeaderWithALineBreakIsItsFailureNotAnotherHeader) {
  auto script = load_world(
      "fake.endpoint { path = '/v1/{project_id}/things/{id}', service = 'ecs', handler = function(req)\n"
      "  return { headers = { ['X-A'] = 'a\\r\\nX-Injected: 1' } }\n"
      "end }\n");
  auto call = call_for("/v1/p/things/t1", {{"project_id", "p"}, {"id", "t1"}});
  const auto answer = script->answer(call);
  EXPECT_EQ(answer.status, 500);
  for (const auto& [name, value] : answer.headers) EXPECT_NE(name, "X-A");
  const auto errors = script->take_handler_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("returned an answer that cannot be served: headers.X-A: must not hold CR, LF"),
            std::string::npos)
      << errors[0];
}
