// The admin API of `harness serve`: JSON bodies to the world's values (read by the spec module, tested in
// test_fake_spec.cpp), errors naming the field, and the routes answered before faults and outside the
// journal.
#include <gtest/gtest.h>

#include "harness/fake/router.hpp"
#include "harness/serve/admin.hpp"

namespace {

using nlohmann::json;
namespace fake = harness::fake;
namespace serve = harness::serve;

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
  auto bad = call("POST", "/__admin/jobs", R"({"job_type": "t", "timeline": []})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"], "timeline: must be a list of states (at least one)");
  EXPECT_EQ(call("POST", "/__admin/faults", "{not json").status, 400);
  auto kps = call("POST", "/__admin/kps-tasks", R"({"listed": "both"})");
  EXPECT_EQ(kps.status, 400);
  EXPECT_NE(kps.body.find("listed"), std::string::npos);
  auto filter = call("GET", "/__admin/requests?status=x");
  EXPECT_EQ(filter.status, 400);
  EXPECT_EQ(json::parse(filter.body)["error"], "status: must be a whole number");
  EXPECT_EQ(call("POST", "/__admin/failure-jobs", R"({"resource_name": "g"})").status, 201);
}

// The world is permissive through this door too: the KPS page's own task is served as it is published.
TEST_F(Admin, ThePagesOwnValuesAreServed) {
  auto added = call("POST", "/__admin/kps-tasks",
                    R"({"task_id": "aee8d2fe", "operate_type": "RUNNING_RESET", "listed": "failed",
                        "task_error_code": null, "task_time": "1523342130000"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_TRUE(json::parse(added.body)["task_error_code"].is_null());
  EXPECT_EQ(call("POST", "/__admin/options", R"({"headers": {"X-Served-By": "harness"}})").status, 200);
  auto journal = json::parse(call("GET", "/__admin/requests?status=0").body);
  EXPECT_EQ(journal["requests"].size(), 0u);
  world.with([](fake::World& w) {
    fake::Request request;
    request.method = "GET";
    request.target = "/v3/p1/failed-tasks";
    request.headers = {{"X-Auth-Token", "t"}};
    auto response = fake::serve(w, request);
    auto body = json::parse(response.body);
    EXPECT_EQ(body["tasks"][0]["operate_type"], "RUNNING_RESET");
    bool header = false;
    for (const auto& [name, value] : response.headers)
      header = header || (name == "X-Served-By" && value == "harness");
    EXPECT_TRUE(header);
  });
}

// fake.endpoint's door: an endpoint the fake does not know, declared over HTTP, and services' options.
TEST_F(Admin, DeclaresEndpointsAndSetsServices) {
  auto declared = call("POST", "/__admin/endpoints",
                       R"({"method": "post", "path": "/v1/{project_id}/cloudservers", "service": "ecs",
                           "answers": [{"body": {"job_id": "{id}", "project": "{project_id}"}}]})");
  ASSERT_EQ(declared.status, 201) << declared.body;
  EXPECT_EQ(json::parse(declared.body),
            json({{"method", "POST"}, {"path", "/v1/{project_id}/cloudservers"}, {"service", "ecs"}}));
  EXPECT_EQ(call("POST", "/__admin/endpoints", R"({"path": "/v1//x", "answers": [{}]})").status, 400);
  EXPECT_EQ(call("GET", "/__admin/endpoints").status, 405);
  ASSERT_EQ(call("POST", "/__admin/options", R"({"services": {"ecs": {"require_auth": true}}})").status, 200);
  world.with([](fake::World& w) {
    EXPECT_EQ(fake::serve(w, {"POST", "/v1/p1/cloudservers", "", {}}).status, 401);
    auto created = fake::serve(w, {"POST", "/v1/p1/cloudservers", "", {{"X-Auth-Token", "t"}}});
    ASSERT_EQ(created.status, 200) << created.body;
    auto body = json::parse(created.body);
    EXPECT_EQ(body["project"], "p1");
    EXPECT_EQ(body["job_id"].get<std::string>().size(), 32u);
  });
}

// fake.clock.advance's door: the world's clock moves, and a job timed by it moves on.
TEST_F(Admin, AdvancesTheClock) {
  ASSERT_EQ(call("POST", "/__admin/jobs", R"({"job_id": "j", "job_type": "t",
                                              "timeline": [{"state": "RUNNING", "seconds": 30}, "SUCCESS"]})")
                .status,
            201);
  auto moved = call("POST", "/__admin/clock", R"({"advance": 30})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json::parse(moved.body)["now"], "2026-01-01T00:00:30.000Z");
  world.with([](fake::World& w) {
    EXPECT_EQ(json::parse(fake::serve(w, {"GET", "/v1/p1/jobs/j", "", {}}).body)["status"], "SUCCESS");
  });
  EXPECT_EQ(json::parse(call("POST", "/__admin/clock", R"({"advance": -1})").body)["error"],
            "seconds: must be a number of seconds from 0 to 1e9");
  EXPECT_EQ(call("POST", "/__admin/clock", R"({"advance": 1e300})").status, 400);
  EXPECT_EQ(call("POST", "/__admin/clock", R"({"advnce": 1})").status, 400);
  EXPECT_EQ(call("GET", "/__admin/clock").status, 405);
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
