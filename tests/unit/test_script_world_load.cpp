// How a world file's top level builds its world, the way `harness serve` loads it: the handles fake.job
// gives back, a run of fake.job calls that share one spec tree, and the collector the top level runs with.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/world_script.hpp"
#include "script_test_fixture.hpp"

namespace {

using harness::fake::HandlerCall;
using harness::fake::World;
using harness::testing::ScriptTest;

class WorldLoad : public ScriptTest {
 protected:
  const harness::fake::Job* job(const std::string& project, const std::string& id) {
    return world_.with([&](World& w) { return w.find_job(project, id); });
  }
};

TEST_F(WorldLoad, AHandleShowsTheIdsTheWorldHoldsNotAnEmptyOneItWasGiven) {
  // The handle reuses the table's own strings when they are the world's: an empty job_id is not.
  auto script = load_world(
      "local given = fake.job { project_id = 'p1', job_id = 'j1', job_type = 't', timeline = { 'INIT' } }\n"
      "local made = fake.job { job_id = '', job_type = 't', timeline = { 'INIT' },\n"
      "                        sub_jobs = { { job_type = 's', timeline = { 'INIT' } } } }\n"
      "print(given.job_id, given.project_id, given.path)\n"
      "print(made.job_id, made.project_id, made.path)\n"
      "print(made.sub_jobs[1].job_id, made.sub_jobs[1].project_id, made.sub_jobs[1].path)\n");
  std::istringstream lines(script->output());
  std::string id, project, path;
  lines >> id >> project >> path;
  EXPECT_EQ(id, "j1");
  EXPECT_EQ(project, "p1");
  EXPECT_EQ(path, "/v1/p1/jobs/j1");
  lines >> id >> project >> path;
  EXPECT_EQ(id.size(), 32u) << script->output();
  EXPECT_EQ(project, harness::script::kDefaultProjectId);
  EXPECT_EQ(path, "/v1/" + project + "/jobs/" + id);
  ASSERT_NE(job(project, id), nullptr) << "the handle names the job the world added";
  const auto& sub = job(project, id)->spec->sub_jobs().at(0);
  lines >> id >> project >> path;
  EXPECT_EQ(id, sub.job_id());
  EXPECT_EQ(project, sub.project_id());
  EXPECT_EQ(path, "nil") << "a sub-job's handle has no path";
}

TEST_F(WorldLoad, EachJobOfARunIsReadFromItsOwnTableAlone) {
  // The calls share one spec tree: nothing of a call (nor of a call that failed) is left for the next.
  load_world(
      "fake.job { job_id = 'a', job_type = 't', timeline = { 'FAIL' }, error_code = 'E.1',\n"
      "           entities = { x = '1', y = '2' }, extra = { note = 1 }, headers = { ['X-A'] = 'a' },\n"
      "           sub_jobs = { { job_type = 's', timeline = { 'INIT' } } } }\n"
      "assert(not pcall(fake.job, { job_id = 'bad', job_type = 't', timeline = { 'INIT' }, colour = 1 }))\n"
      "fake.job { job_id = 'b', job_type = 'u', timeline = { 'INIT', 'SUCCESS' } }\n");
  const std::string project = harness::script::kDefaultProjectId;
  ASSERT_NE(job(project, "a"), nullptr);
  ASSERT_NE(job(project, "b"), nullptr);
  EXPECT_EQ(job(project, "bad"), nullptr);
  const auto& b = *job(project, "b")->spec;
  EXPECT_EQ(b.job_type(), "u");
  EXPECT_EQ(b.states(), 2u);
  EXPECT_EQ(b.last_state(), "SUCCESS");
  EXPECT_FALSE(b.error_code().has_value());
  EXPECT_EQ(b.entities(), 0u);
  EXPECT_TRUE(b.sub_jobs().empty());
  EXPECT_EQ(b.overrides(), nullptr);
  EXPECT_TRUE(b.headers().empty());
  const auto& a = *job(project, "a")->spec;
  EXPECT_EQ(a.entities(), 2u);
  EXPECT_EQ(a.sub_jobs().size(), 1u);
  ASSERT_NE(a.overrides(), nullptr);
  EXPECT_EQ(a.headers().size(), 1u);
}

// fake.job packs straight from the table's strings; the admin API's JSON door reads the same spec into a
// JobSpec first. Both worlds answer every poll of every job with the same bytes.
TEST_F(WorldLoad, AWorldFilesJobsAnswerAsTheSameJobsGivenAsJson) {
  const std::vector<std::pair<std::string, std::string>> specs = {
      // a table, and the same spec as JSON
      {"{ job_id = 'a', job_type = 'createProtectionGroupNoCG', timeline = { 'INIT', 'RUNNING', 'SUCCESS' },"
       "  entities = { server_group_id = 'g1' } }",
       R"({"job_id": "a", "job_type": "createProtectionGroupNoCG", "timeline": ["INIT", "RUNNING", "SUCCESS"],
           "entities": {"server_group_id": "g1"}})"},
      {"{ project_id = 'p2', job_id = 'b', job_type = 'stopProtectionGroupNoCG', timeline = { 'INIT', 'FAIL' "
       "},"
       "  error_code = 'SDRS.0406', fail_reason = 'why', begin_time = '2019-07-01T02:03:04.005Z' }",
       R"({"project_id": "p2", "job_id": "b", "job_type": "stopProtectionGroupNoCG", "timeline": ["INIT", "FAIL"],
           "error_code": "SDRS.0406", "fail_reason": "why", "begin_time": "2019-07-01T02:03:04.005Z"})"},
      {"{ service = 'vbs', job_id = 'c', job_type = 7, timeline = { { 'INIT', seconds = 0 }, 'SUCCESS' },"
       "  entities = { n = 3, s = 'x' }, extra = { note = { 'a' } }, headers = { ['X-One'] = '1' },"
       "  sub_jobs = { { job_id = 's1', job_type = 's', timeline = { 'RUNNING', 'SUCCESS' } },"
       "               { job_type = 't', timeline = { 'FAIL' }, fail_reason = false } } }",
       R"({"service": "vbs", "job_id": "c", "job_type": 7, "timeline": [{"state": "INIT", "seconds": 0}, "SUCCESS"],
           "entities": {"n": 3, "s": "x"}, "extra": {"note": ["a"]}, "headers": {"X-One": "1"},
           "sub_jobs": [{"job_id": "s1", "job_type": "s", "timeline": ["RUNNING", "SUCCESS"]},
                        {"job_type": "t", "timeline": ["FAIL"], "fail_reason": false}]})"},
  };
  std::string text;
  World by_json;
  for (const auto& [lua, json] : specs) {
    text += "fake.job(" + lua + ")\n";
    by_json.add_job(harness::fake::job_spec(nlohmann::json::parse(json), harness::script::kDefaultProjectId));
  }
  load_world(text);
  ASSERT_EQ(by_json.job_count(), 3u);
  const std::string project = harness::script::kDefaultProjectId;
  for (const auto& [in, id] :
       std::vector<std::pair<std::string, std::string>>{{project, "a"}, {"p2", "b"}, {project, "c"}}) {
    const harness::fake::Request get{"GET", "/v1/" + in + "/jobs/" + id, "", {{"Host", "h"}}, ""};
    for (int poll = 0; poll < 4; ++poll) {
      const auto lua = world_.with([&](World& w) { return harness::fake::serve(w, get); });
      const auto json = harness::fake::serve(by_json, get);
      EXPECT_EQ(lua.status, json.status) << id;
      EXPECT_EQ(lua.body, json.body) << id << " poll " << poll;
      EXPECT_EQ(lua.headers, json.headers) << id;
    }
  }
}

TEST_F(WorldLoad, TheTopLevelRunsWithTheGenerationalCollectorAndWhatFollowsWithTheIncrementalOne) {
  // collectgarbage(mode) answers the mode it replaces. The top level builds garbage fast (generational);
  // the handlers and checks that run after it get Lua's usual incremental collector back.
  auto script = load_world(
      "local top = collectgarbage('generational')\n"
      "fake.endpoint { path = '/v1/{project_id}/modes', service = 'ecs', handler = function()\n"
      "  return { status = 200, body = { top = top, after = collectgarbage('incremental') } }\n"
      "end }\n");
  HandlerCall call;
  call.handler = world_.with([](World& w) { return w.declared_endpoints().back().spec->handler; });
  call.request.method = "GET";
  call.request.target = "/v1/p/modes";
  call.params = {{"project_id", "p"}};
  call.service = "ecs";
  call.key = "GET /v1/{project_id}/modes";
  const auto answer = script->answer(call);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(nlohmann::json::parse(answer.body),
            (nlohmann::json{{"top", "generational"}, {"after", "incremental"}}));
}

}  // namespace
