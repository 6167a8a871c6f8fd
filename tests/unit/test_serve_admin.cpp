// The admin API of `harness serve`: JSON bodies to the world's values, errors naming the field, and the
// routes answered before faults and outside the journal.
#include <gtest/gtest.h>

#include "harness/fake/router.hpp"
#include "harness/serve/admin.hpp"

namespace {

using harness::serve::AdminError;
using nlohmann::json;
namespace fake = harness::fake;
namespace serve = harness::serve;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const AdminError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ServeAdminJson, AJobTakesTheFieldsOfFakeJob) {
  auto spec = serve::job_from_json(json::parse(R"({"job_type": "createProtectionGroupNoCG", "service": "vbs",
                      "timeline": [{"state": "INIT", "seconds": 1}, {"state": "RUNNING", "seconds": 2.5}, {"state": "SUCCESS"}],
                      "entities": {"b": "2", "a": "1"},
                      "sub_jobs": [{"job_type": "x", "timeline": ["SUCCESS"]}]})"),
                                   "p0");
  EXPECT_EQ(spec.project_id, "p0");
  EXPECT_EQ(spec.service, fake::Service::vbs);
  EXPECT_EQ(spec.timeline, (std::vector<std::string>{"INIT", "RUNNING", "SUCCESS"}));
  EXPECT_EQ(spec.durations_ms, (std::vector<std::int64_t>{1000, 2500}));
  ASSERT_EQ(spec.entities.size(), 2u);
  EXPECT_EQ(spec.entities[0].first, "a");
  ASSERT_EQ(spec.sub_jobs.size(), 1u);
  EXPECT_EQ(spec.sub_jobs[0].job_type, "x");
}

TEST(ServeAdminJson, ATimelineByTimeNeedsSecondsForAllButTheLast) {
  auto spec = serve::job_from_json(
      json::parse(R"({"job_type": "t", "timeline": [{"state": "RUNNING", "seconds": 3}, "SUCCESS"]})"), "p");
  EXPECT_EQ(spec.durations_ms, (std::vector<std::int64_t>{3000}));
  EXPECT_EQ(error_of([] {
              serve::job_from_json(
                  json::parse(R"({"job_type": "t", "timeline": [{"state": "RUNNING"}, "SUCCESS"]})"), "p");
            }),
            "timeline[1].seconds: must be a number of seconds >= 0");
}

TEST(ServeAdminJson, ErrorsNameTheField) {
  EXPECT_EQ(error_of([] { serve::job_from_json(json::parse(R"({"job_type": "t"})"), "p"); }),
            "timeline: must be a list of states");
  EXPECT_EQ(error_of([] { serve::job_from_json(json::parse(R"({"job_type": 3, "timeline": []})"), "p"); }),
            "job_type: must be a string");
  EXPECT_EQ(error_of([] { serve::job_from_json(json::parse(R"({"job_type": "t", "timeline": [7]})"), "p"); }),
            "timeline[1]: must be a state or {\"state\": \"STATE\", \"seconds\": N}");
  EXPECT_EQ(error_of([] {
              serve::job_from_json(
                  json::parse(R"({"job_type": "t", "timeline": ["SUCCESS"], "sub_jobs": [{"timeline": 1}]})"),
                  "p");
            }),
            "sub_jobs[1].timeline: must be a list of states");
  EXPECT_NE(error_of([] {
              serve::job_from_json(json::parse(R"({"jobtype": "t"})"), "p");
            }).find("jobtype: unknown field (expected one of "),
            std::string::npos);
  EXPECT_EQ(error_of([] { serve::job_from_json(json::parse(R"([1])"), "p"); }),
            "the body must be a JSON object");
  EXPECT_EQ(error_of([] { serve::failure_job_from_json(json::parse(R"({"resource_type": 1})"), "p"); }),
            "resource_type: must be a string");
  EXPECT_EQ(error_of([] { serve::kps_task_from_json(json::parse(R"({"task_time": false})"), "p"); }),
            "task_time: must be a string");
}

TEST(ServeAdminJson, AFaultTakesTheFieldsOfFakeFault) {
  auto spec = serve::fault_from_json(json::parse(
      R"({"method": "get", "path": "/v1/*/jobs/*", "status": 503, "times": 2, "query": {"limit": 10}, "delay": 0.25})"));
  EXPECT_EQ(spec.method, "GET");
  EXPECT_EQ(spec.path, "/v1/*/jobs/*");
  EXPECT_EQ(spec.action, fake::FaultAction::status);
  EXPECT_EQ(spec.status, 503);
  EXPECT_EQ(spec.times, 2);
  EXPECT_EQ(spec.delay.count(), 250);
  ASSERT_EQ(spec.query.size(), 1u);
  EXPECT_EQ(spec.query[0].second, "10");
  auto drip = serve::fault_from_json(json::parse(R"({"drip": {"bytes": 3, "interval": 0.01}})"));
  EXPECT_EQ(drip.action, fake::FaultAction::drip);
  EXPECT_EQ(drip.drip_bytes, 3u);
  auto body = serve::fault_from_json(json::parse(R"({"status": 200, "body": {"a": 1}})"));
  EXPECT_EQ(body.body.value_or(""), R"({"a":1})");
}

TEST(ServeAdminJson, AFaultErrorNamesTheField) {
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"status": 200})")); }),
            "status: must be a whole number from 400 to 599 (or give a body)");
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"status": 503, "reset": true})")); }),
            "choose one of status and reset");
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"path": "/x"})")); }),
            "says nothing to do: give status, delay, reset, close, hang, truncate, malformed or drip");
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"status": 503, "times": 0})")); }),
            "times: must be a whole number >= 1");
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"reset": "yes"})")); }),
            "reset: must be true or false");
  EXPECT_EQ(error_of([] { serve::fault_from_json(json::parse(R"({"drip": {"byte": 1}})")); }),
            "drip.byte: unknown field (expected one of bytes, interval)");
}

struct Admin : ::testing::Test {
  fake::SharedWorld world;
  int resets = 0;
  serve::AdminApi admin{world,
                        {.host = "127.0.0.1", .project_id = "p1", .world_file = "world.lua", .port = 8080},
                        [this] { ++resets; }};

  // As curl sends it: Host, and JSON for the methods that change the world.
  fake::Response call(const std::string& method, const std::string& target, const std::string& body = "",
                      const std::string& host = "127.0.0.1:8080") {
    fake::Request request{method, target, body, {{"Host", host}}};
    if (method != "GET") request.headers.emplace_back("Content-Type", "application/json");
    return send(request);
  }
  fake::Response send(const fake::Request& request) {
    auto answer = admin.handle(request);
    EXPECT_TRUE(answer.has_value()) << request.target;
    return answer.value_or(fake::Response{});
  }
};

TEST_F(Admin, OtherPathsAreTheFakes) {
  EXPECT_FALSE(admin.handle({"GET", "/v1/p1/jobs/x", "", {}}).has_value());
  EXPECT_FALSE(admin.handle({"GET", "/__adminx", "", {}}).has_value());
}

TEST_F(Admin, AddsAJobAndAFaultThatTheFakeThenServes) {
  auto added = call("POST", "/__admin/jobs", R"({"job_type": "t", "timeline": ["RUNNING", "SUCCESS"]})");
  ASSERT_EQ(added.status, 201) << added.body;
  auto job = json::parse(added.body);
  EXPECT_EQ(job["project_id"], "p1");
  const std::string path = job["path"];
  auto status = [&] {
    return world.with([&](fake::World& w) { return fake::serve(w, {"GET", path, "", {}}); });
  };
  EXPECT_EQ(json::parse(status().body)["status"], "RUNNING");
  EXPECT_EQ(call("POST", "/__admin/faults", R"({"path": "/v1/*/jobs/*", "status": 503, "times": 1})").status,
            201);
  EXPECT_EQ(status().status, 503);
  EXPECT_EQ(json::parse(status().body)["status"], "SUCCESS");

  auto journal = json::parse(call("GET", "/__admin/requests?method=get&path=/v1/*/jobs/*").body);
  ASSERT_EQ(journal["requests"].size(), 3u);  // admin requests are not in it
  EXPECT_EQ(journal["requests"][1]["status"], 503);
  EXPECT_EQ(journal["requests"][1]["fault"], 1);
  EXPECT_EQ(json::parse(call("DELETE", "/__admin/requests").body)["cleared"], 3);
  EXPECT_EQ(json::parse(call("GET", "/__admin/requests").body)["requests"].size(), 0u);
}

TEST_F(Admin, BadBodiesAre400WithTheField) {
  auto bad = call("POST", "/__admin/jobs", R"({"job_type": "t", "timeline": ["DONE"]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"],
            R"(timeline[1]: "DONE" is not one of SUCCESS, RUNNING, FAIL, INIT)");
  EXPECT_EQ(call("POST", "/__admin/faults", "{not json").status, 400);
  auto kps = call("POST", "/__admin/kps-tasks", R"({"operate_type": "DONE"})");
  EXPECT_EQ(kps.status, 400);
  EXPECT_NE(kps.body.find("operate_type"), std::string::npos);
  EXPECT_EQ(call("POST", "/__admin/failure-jobs", R"({"resource_name": "g"})").status, 201);
}

TEST_F(Admin, RoutesMethodsAndHosts) {
  EXPECT_EQ(call("GET", "/__admin/health").status, 200);
  EXPECT_EQ(call("POST", "/__admin/health").status, 405);
  EXPECT_EQ(call("GET", "/__admin/nothing").status, 404);
  EXPECT_EQ(call("POST", "/__admin/reset").status, 200);
  EXPECT_EQ(resets, 1);
  EXPECT_EQ(call("GET", "/__admin/health", "", "localhost:8080").status, 200);
  EXPECT_EQ(call("GET", "/__admin/health", "", "evil.example:8080").status, 403);
}

// DNS rebinding: a page on evil.com whose name now points at 127.0.0.1 sends its own name as Host. A prefix
// match on the Host let every one of these through (and a request without Host).
TEST_F(Admin, OnlyALoopbackNameWithTheBoundPortIsAHost) {
  for (const char* host : {"127.0.0.1:8080", "localhost:8080", "LocalHost:8080", "[::1]:8080"})
    EXPECT_EQ(call("GET", "/__admin/health", "", host).status, 200) << host;
  for (const char* host :
       {"127.0.0.1.evil.com", "127.0.0.1.evil.com:8080", "127.0.0.1:8080@evil.com", "localhost:8080.evil.com",
        "[::1].evil.com", "[::1]:8080.evil.com", "evil.com", "127.0.0.1:9999", "127.0.0.1", "localhost:80",
        "127.0.0.2:8080", "0.0.0.0:8080", "[::ffff:127.0.0.1]:8080", "127.0.0.1:08080x",
        "user@127.0.0.1:8080", "127.0.0.1:8080 ", "", "127.0.0.1:\xff"}) {
    auto answer = call("GET", "/__admin/requests", "", host);
    EXPECT_EQ(answer.status, 403) << "Host: " << host << " got " << answer.body;
  }
  EXPECT_EQ(send({"GET", "/__admin/requests", "", {}}).status, 403) << "a request without Host";
  fake::Request absolute{"GET", "/__admin/requests", "", {{"Host", "127.0.0.1:8080"}}};
  absolute.authority = "evil.com:8080";  // GET http://evil.com:8080/__admin/requests
  EXPECT_EQ(send(absolute).status, 403);
  absolute.authority = "localhost:8080";
  EXPECT_EQ(send(absolute).status, 200);
}

// A page can post a form or a text/plain fetch at the API without a preflight, though it cannot read the
// answer; it cannot send JSON or a foreign Origin's request past these checks.
TEST_F(Admin, ChangesComeOnlyAsJsonFromNoOtherOrigin) {
  const std::string fault = R"({"path": "/**", "status": 503})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonx", ""}) {
    fake::Request request{"POST", "/__admin/faults", fault, {{"Host", "127.0.0.1:8080"}}};
    if (*type) request.headers.emplace_back("Content-Type", type);
    EXPECT_EQ(send(request).status, 415) << "Content-Type: " << type;
  }
  fake::Request reset{"POST", "/__admin/reset", "", {{"Host", "127.0.0.1:8080"}}};
  EXPECT_EQ(send(reset).status, 415);
  fake::Request clear{"DELETE", "/__admin/requests", "", {{"Host", "127.0.0.1:8080"}}};
  EXPECT_EQ(send(clear).status, 415);
  EXPECT_EQ(world.with([](fake::World& w) { return w.faults().size(); }), 0u);
  EXPECT_EQ(resets, 0);

  auto with_origin = [&](const char* origin) {
    fake::Request request{"POST",
                          "/__admin/faults",
                          fault,
                          {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json; charset=utf-8"}}};
    if (*origin) request.headers.emplace_back("Origin", origin);
    return send(request).status;
  };
  for (const char* origin : {"http://evil.com", "null", "http://127.0.0.1:9999", "https://127.0.0.1:8080",
                             "http://127.0.0.1.evil.com:8080"})
    EXPECT_EQ(with_origin(origin), 403) << "Origin: " << origin;
  EXPECT_EQ(with_origin("http://localhost:8080"), 201);
  EXPECT_EQ(with_origin(""), 201);
}

TEST(AdminAccess, BeyondLoopbackTheApiNeedsAToken) {
  EXPECT_EQ(serve::admin_off_reason({.host = "127.0.0.1"}), std::nullopt);
  EXPECT_EQ(serve::admin_off_reason({.host = "::1"}), std::nullopt);
  EXPECT_NE(serve::admin_off_reason({.host = "0.0.0.0"}), std::nullopt);
  EXPECT_NE(serve::admin_off_reason({.host = "::"}), std::nullopt);
  EXPECT_NE(serve::admin_off_reason({.host = "192.168.1.5"}), std::nullopt);
  EXPECT_EQ(serve::admin_off_reason({.host = "0.0.0.0", .token = "s3cret"}), std::nullopt);

  fake::SharedWorld world;
  serve::AdminApi admin(world, {.host = "0.0.0.0", .port = 8080, .token = "s3cret"}, [] {});
  auto status = [&](const std::string& host, const char* authorization) {
    fake::Request request{"GET", "/__admin/health", "", {{"Host", host}}};
    if (authorization) request.headers.emplace_back("Authorization", authorization);
    return admin.handle(request).value_or(fake::Response{}).status;
  };
  EXPECT_EQ(status("127.0.0.1:8080", nullptr), 401);
  EXPECT_EQ(status("127.0.0.1:8080", "Bearer guess"), 401);
  EXPECT_EQ(status("127.0.0.1:8080", "Bearer s3cret-and-more"), 401);
  EXPECT_EQ(status("127.0.0.1:8080", "s3cret"), 401);
  EXPECT_EQ(status("127.0.0.1:8080", "Bearer s3cret"), 200);
  EXPECT_EQ(status("ci-runner.example:8080", "Bearer s3cret"), 200) << "with a token, any name of the server";
  EXPECT_EQ(status("ci-runner.example:9090", "Bearer s3cret"), 403) << "but the bound port";
}

TEST(AdminAccess, UntilThePortIsKnownNothingIsAnswered) {
  fake::SharedWorld world;
  serve::AdminApi admin(world, {.host = "127.0.0.1"}, [] {});
  fake::Request request{"GET", "/__admin/health", "", {{"Host", "127.0.0.1:41000"}}};
  EXPECT_EQ(admin.handle(request)->status, 503);
  admin.set_port(41000);
  EXPECT_EQ(admin.handle(request)->status, 200);
}

// A journaled path, query, header or body with bytes that are not UTF-8 made GET /__admin/requests throw
// (nlohmann type_error.316). They are shown with U+FFFD, and their bytes given in base64.
TEST_F(Admin, TheJournalShowsBytesThatAreNotUtf8) {
  world.with([](fake::World& w) {
    return fake::serve(
        w, {"POST", "/v1/p/jobs/\xff?q=\xfe", "\xc3\x28", {{"X-Name", "caf\xe9"}, {"X-Ok", "caf\xc3\xa9"}}});
  });
  auto answer = call("GET", "/__admin/requests");
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto journal = json::parse(answer.body, nullptr, false);
  ASSERT_FALSE(journal.is_discarded()) << answer.body;
  const auto& entry = journal["requests"][0];
  EXPECT_EQ(entry["path"], "/v1/p/jobs/\xef\xbf\xbd");
  EXPECT_EQ(entry["headers"]["x-ok"], "caf\xc3\xa9");
  EXPECT_EQ(entry["base64"]["path"], "L3YxL3Avam9icy//");  // "/v1/p/jobs/\xff"
  EXPECT_EQ(entry["base64"]["query"], "cT3+");             // "q=\xfe"
  EXPECT_EQ(entry["base64"]["body"], "wyg=");              // "\xc3\x28"
  EXPECT_EQ(entry["base64"]["headers"]["x-name"], "Y2Fm6Q==");
  EXPECT_FALSE(entry["base64"]["headers"].contains("x-ok"));
  EXPECT_FALSE(json::parse(call("GET", "/__admin/nothing\xff").body, nullptr, false).is_discarded());
}

}  // namespace
