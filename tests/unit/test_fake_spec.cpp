// The spec module: one reader for what fake.* and the admin API set, naming the field in its errors, and a
// permissive world that serves what it is given (the page's own examples included).
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"
#include "tests/unit/fake_test_helpers.hpp"

namespace {

using nlohmann::json;
namespace fake = harness::fake;

// Only a SpecError counts: the spec module names the field in that type, never in a bare invalid_argument.
std::string error_of(const std::function<void()>& f) {
  return fake_test::error_of<fake::SpecError>(f);
}
using fake_test::get;

json body_of(const fake::Response& response) {
  return json::parse(response.body);
}

TEST(FakeSpec, AJobTakesItsFields) {
  auto spec = fake::job_spec(json::parse(R"({"job_type": "createProtectionGroupNoCG", "service": "vbs",
                      "timeline": [{"state": "INIT", "seconds": 1}, {"state": "RUNNING", "seconds": 2.5}, {"state": "SUCCESS"}],
                      "entities": {"b": "2", "a": "1"},
                      "sub_jobs": [{"job_type": "x", "timeline": ["SUCCESS"]}]})"),
                             "p0");
  EXPECT_EQ(spec.project_id, "p0");
  EXPECT_EQ(spec.service, "vbs");
  EXPECT_EQ(spec.timeline, (std::vector<std::string>{"INIT", "RUNNING", "SUCCESS"}));
  EXPECT_EQ(spec.durations_ms, (std::vector<std::int64_t>{1000, 2500}));
  ASSERT_EQ(spec.entities.size(), 2u);
  EXPECT_EQ(spec.entities[0].first, "a");
  ASSERT_EQ(spec.sub_jobs.size(), 1u);
  EXPECT_EQ(spec.sub_jobs[0].job_type, "x");
  EXPECT_EQ(spec.overrides, nullptr);  // nothing beyond the page's fields: the fast writer serves it
}

TEST(FakeSpec, ATimelineStepAsLuaWritesIt) {
  // {"RUNNING", seconds = 3} reaches the module with its state under "1" (script/lua_value.hpp spec_json).
  auto spec = fake::job_spec(
      json::parse(R"({"job_type": "t", "timeline": [{"1": "RUNNING", "seconds": 3}, "SUCCESS"]})"), "p");
  EXPECT_EQ(spec.timeline, (std::vector<std::string>{"RUNNING", "SUCCESS"}));
  EXPECT_EQ(spec.durations_ms, (std::vector<std::int64_t>{3000}));
  EXPECT_EQ(error_of([] {
              fake::job_spec(
                  json::parse(R"({"job_type": "t", "timeline": [{"state": "RUNNING"}, "SUCCESS"]})"), "p");
            }),
            "timeline[1].seconds: must be a number of seconds from 0 to 1e9");
}

TEST(FakeSpec, ErrorsNameTheField) {
  EXPECT_EQ(error_of([] { fake::job_spec(json::parse(R"({"job_type": "t"})"), "p"); }),
            "timeline: must be a list of states (at least one)");
  EXPECT_EQ(error_of([] { fake::job_spec(json::parse(R"({"timeline": ["INIT"]})"), "p"); }),
            "job_type: must be given (any string, or null)");
  EXPECT_EQ(
      error_of([] { fake::job_spec(json::parse(R"({"job_type": "t", "timeline": [7]})"), "p"); }),
      "timeline[1]: must be a state or {\"STATE\", seconds = N} ({\"state\": \"STATE\", \"seconds\": N})");
  EXPECT_EQ(
      error_of([] {
        fake::job_spec(
            json::parse(
                R"({"job_type": "t", "timeline": ["SUCCESS"], "sub_jobs": [{"timeline": 1, "job_type": "x"}]})"),
            "p");
      }),
      "sub_jobs[1].timeline: must be a list of states (at least one)");
  EXPECT_NE(
      error_of([] {
        fake::job_spec(json::parse(R"({"jobtype": "t"})"), "p");
      }).find("jobtype: unknown field (expected one of begin_time, end_time, entities, error_code, extra,"),
      std::string::npos);
  EXPECT_EQ(error_of([] { fake::job_spec(json::parse(R"([1])"), "p"); }), "must be a table (a JSON object)");
  EXPECT_EQ(error_of([] { fake::kps_task_spec(json::parse(R"({"listed": "both"})"), "p"); }),
            "listed: \"both\" is not one of failed, running, none");
}

TEST(FakeSpec, AFaultTakesItsFields) {
  auto spec = fake::fault_spec(json::parse(
      R"({"method": "get", "path": "/v1/*/jobs/*", "status": 503, "times": 2, "query": {"limit": 10}, "delay": 0.25,
          "headers": {"Retry-After": "3"}})"));
  EXPECT_EQ(spec.method, "GET");
  EXPECT_EQ(spec.path, "/v1/*/jobs/*");
  EXPECT_EQ(spec.action, fake::FaultAction::status);
  EXPECT_EQ(spec.status, 503);
  EXPECT_EQ(spec.times, 2);
  EXPECT_EQ(spec.delay.count(), 250);
  ASSERT_EQ(spec.query.size(), 1u);
  EXPECT_EQ(spec.query[0].second, "10");
  EXPECT_EQ(spec.headers, (fake::HeaderList{{"Retry-After", "3"}}));  // the answer's
  EXPECT_TRUE(spec.request_headers.empty());
  auto matched =
      fake::fault_spec(json::parse(R"({"match": {"headers": {"X-Auth-Token": "old"}}, "status": 401})"));
  EXPECT_EQ(matched.request_headers, (fake::HeaderList{{"X-Auth-Token", "old"}}));
  EXPECT_TRUE(matched.headers.empty());
  auto drip = fake::fault_spec(json::parse(R"({"drip": {"bytes": 3, "interval": 0.01}})"));
  EXPECT_EQ(drip.action, fake::FaultAction::drip);
  EXPECT_EQ(drip.drip_bytes, 3u);
  auto body = fake::fault_spec(json::parse(R"({"status": 200, "body": {"a": 1}})"));
  EXPECT_EQ(body.body.value_or(""), R"({"a":1})");
}

TEST(FakeSpec, AFaultErrorNamesTheField) {
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"status": 200})")); }),
            "status: must be a whole number from 400 to 599 (or give a body)");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"status": 503, "reset": true})")); }),
            "choose one of status and reset");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"path": "/x"})")); }),
            "says nothing to do: give status, delay, reset, close, hang, truncate, malformed or drip");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"status": 503, "times": 0})")); }),
            "times: must be a whole number from 1 to 2147483647");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"reset": "yes"})")); }),
            "reset: must be true or false");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"drip": {"byte": 1}})")); }),
            "drip.byte: unknown field (expected one of bytes, interval)");
  EXPECT_EQ(
      error_of(
          [] { fake::fault_spec(json::parse(R"({"path": "/v3/p/failed-tasks?limit=0", "status": 400})")); }),
      "path: \"/v3/p/failed-tasks?limit=0\" holds a '?', which no request path does: give the parameters as "
      "query = {...}");
  EXPECT_EQ(error_of([] {
              fake::fault_spec(json::parse(R"({"path": "/a", "match": {"path": "/b"}, "status": 500})"));
            }),
            "path: give it under match or at the top, not both");
  EXPECT_EQ(error_of([] { fake::fault_spec(json::parse(R"({"match": {"header": {}}, "status": 500})")); }),
            "match.header: unknown field (expected one of headers, method, path, query)");
}

TEST(FakeSpec, TheJournalFilterTakesQueryStatusAndFault) {
  auto filter = fake::journal_filter(
      json::parse(R"({"path": "/v1/*/x", "query": {"limit": 1}, "status": 503, "fault": 2})"));
  fake::JournalEntry entry{0, "GET", "/v1/p/x?offset=0&limit=1", {}, "", 503, 2, ""};
  EXPECT_TRUE(filter.matches(entry));
  entry.status = 200;
  EXPECT_FALSE(filter.matches(entry));
  entry.status = 503;
  entry.target = "/v1/p/x?limit=2";
  EXPECT_FALSE(filter.matches(entry));
  EXPECT_EQ(error_of([] { fake::journal_filter(json::parse(R"({"path": "/x?a=1"})")); }).substr(0, 30),
            "path: \"/x?a=1\" holds a '?', wh");
}

// Issue 9's refusals, served through the world: the page's own rows and values, null, other types, extras.
TEST(FakeSpecServed, TheSdrsPageRowsAreServedAsGiven) {
  fake::World world;
  auto row = fake::failure_job_spec(json::parse(R"({"resource_type": "protectedInstance",
      "job_type": "createProtectedInstance", "resource_id": "17984002-ad8a-438b-8ba6-b850224634c5",
      "group_level": true, "error_code": null})"),
                                    "p1");
  world.add_failure_job(row);
  auto body = body_of(fake::route(world, get("/v1/p1/task-center/failure-jobs")));
  ASSERT_EQ(body["failure_jobs"].size(), 1u);
  EXPECT_EQ(body["failure_jobs"][0]["resource_type"], "protectedInstance");
  EXPECT_EQ(body["failure_jobs"][0]["job_type"], "createProtectedInstance");
  EXPECT_TRUE(body["failure_jobs"][0]["error_code"].is_null());
}

TEST(FakeSpecServed, AnyKpsTaskInAnyList) {
  fake::World world;
  world.add_kps_task(fake::kps_task_spec(json::parse(R"({"task_id": "t1", "operate_type": "RUNNING_RESET",
      "listed": "failed", "task_error_code": null})"),
                                         "p1"));
  world.add_kps_task(
      fake::kps_task_spec(json::parse(R"({"task_id": "t2", "operate_type": "SUCCESS_RESET"})"), "p1"));
  const fake::HeaderList token{{"X-Auth-Token", "t"}};
  auto failed = body_of(fake::route(world, get("/v3/p1/failed-tasks", token)));
  ASSERT_EQ(failed["total"], 1);
  EXPECT_EQ(failed["tasks"][0]["operate_type"], "RUNNING_RESET");
  EXPECT_TRUE(failed["tasks"][0]["task_error_code"].is_null());
  EXPECT_EQ(body_of(fake::route(world, get("/v3/p1/running-tasks", token)))["total"], 0);
  EXPECT_EQ(body_of(fake::route(world, get("/v3/p1/tasks/t2", token)))["task_status"], "SUCCESS_RESET");
}

TEST(FakeSpecServed, AJobWithNullAnotherTypeAndExtraFieldsKeepsItsTimeline) {
  fake::World world;
  auto id =
      world.add_job(fake::job_spec(json::parse(R"({"job_type": "t", "timeline": ["RUNNING", "FAIL", "DONE?"],
      "end_time": null, "begin_time": 1548075395, "extra": {"region": "eu-1", "entities": {"n": 2}},
      "entities": {"count": 3, "server_group_id": "g"}})"),
                                   "p1"));
  auto first = body_of(fake::route(world, get("/v1/p1/jobs/" + id)));
  EXPECT_EQ(first["status"], "RUNNING");
  EXPECT_EQ(first["begin_time"], 1548075395);
  EXPECT_EQ(first["region"], "eu-1");
  EXPECT_EQ(first["entities"], json::parse(R"({"count": 3, "n": 2, "server_group_id": "g"})"));
  auto second = body_of(fake::route(world, get("/v1/p1/jobs/" + id)));
  EXPECT_EQ(second["status"], "FAIL");
  EXPECT_TRUE(second["end_time"].is_null());  // FAIL has an end_time; the scenario asked for null
  EXPECT_EQ(second["error_code"], "SDRS.0405");
  EXPECT_EQ(body_of(fake::route(world, get("/v1/p1/jobs/" + id)))["status"], "DONE?");  // any state
}

TEST(FakeSpecServed, EveryAnswerCarriesARequestIdAndTheScenariosHeaders) {
  auto run = [](std::uint64_t seed) {
    fake::World world(seed);
    fake::apply_options(
        json::parse(R"({"headers": {"Content-Type": "application/json;charset=UTF-8", "X-World": "w"}})"),
        world.options());
    auto id = world.add_job(fake::job_spec(
        json::parse(R"({"job_type": "t", "timeline": ["SUCCESS"], "headers": {"X-World": "job"}})"), "p1"));
    world.add_fault(fake::fault_spec(json::parse(R"({"path": "/v1/p1/jobs/*", "status": 503, "nth": 2,
        "headers": {"Retry-After": "3"}})")));
    std::vector<fake::HeaderList> heads;
    for (int i = 0; i < 3; ++i) heads.push_back(fake::serve(world, get("/v1/p1/jobs/" + id)).headers);
    heads.push_back(fake::serve(world, get("/nowhere")).headers);
    return heads;
  };
  auto heads = run(7);
  auto value = [](const fake::HeaderList& headers, const std::string& name) {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return std::string("(absent)");
  };
  EXPECT_EQ(value(heads[0], "Content-Type"), "application/json;charset=UTF-8");
  EXPECT_EQ(value(heads[0], "X-World"), "job");    // the job's over the world's
  EXPECT_EQ(value(heads[1], "Retry-After"), "3");  // the fault's answer
  EXPECT_EQ(value(heads[1], "X-World"), "w");
  EXPECT_EQ(value(heads[3], "X-World"), "w");  // a 404 too
  EXPECT_EQ(value(heads[0], "X-Request-Id").size(), 32u);
  EXPECT_NE(value(heads[0], "X-Request-Id"), value(heads[1], "X-Request-Id"));
  EXPECT_EQ(value(run(7)[2], "X-Request-Id"), value(heads[2], "X-Request-Id"));  // the same under a seed
  EXPECT_NE(value(run(8)[2], "X-Request-Id"), value(heads[2], "X-Request-Id"));
}

}  // namespace

namespace {

TEST(FakeSpec, OptionsThatThrowChangeNothing) {
  fake::WorldOptions options;
  EXPECT_EQ(error_of([&] {
              fake::apply_options(json::parse(R"({"sdrs_count": "page", "headers": {"X": true}})"), options);
            }),
            "headers.X: must be a string");
  EXPECT_FALSE(options.sdrs_count_is_page_size);  // checked before anything was set
  EXPECT_TRUE(options.headers.empty());
}

}  // namespace
