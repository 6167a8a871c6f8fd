// The endpoint table: path templates, the built-in endpoints as the fixtures name them, declared endpoints
// (answers per path-parameter values, placeholders, which wins on a shared path), and services as options.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/fake/endpoints.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"
#include "tests/unit/fake_test_helpers.hpp"

namespace {

using nlohmann::json;
namespace fake = harness::fake;

fake::Request request(const std::string& method, const std::string& target, fake::HeaderList headers = {}) {
  fake::Request r;
  r.method = method;
  r.target = target;
  r.headers = std::move(headers);
  return r;
}

json body_of(const fake::Response& response) {
  return json::parse(response.body);
}

using fake_test::error_of;

void add_running_job(fake::World& world, const char* job_id) {
  fake::JobSpec job;
  job.project_id = "p1";
  job.job_id = job_id;
  job.timeline = {"RUNNING"};
  world.add_job(job);
}

void declare(fake::World& world, const char* spec) {
  world.declare_endpoint(fake::endpoint_spec(json::parse(spec)));
}

const char* kServer = R"({"path": "/v1/{project_id}/cloudservers/{server_id}", "service": "ecs",
  "answers": [{"body": {"server": {"id": "{server_id}", "status": "BUILD", "project": "{project_id}"}}},
              {"status": 200, "headers": {"X-Step": "2"},
               "body": {"server": {"id": "{server_id}", "status": "ACTIVE", "flavor": "{query.flavor}"}}}]})";

TEST(PathTemplate, ParsesAndMatches) {
  const auto path = fake::PathTemplate::parse("/v1/{project_id}/jobs/{job_id}");
  EXPECT_EQ(path.param_names(), (std::vector<std::string>{"project_id", "job_id"}));
  fake::PathParams params;
  ASSERT_TRUE(path.match(fake::split_path("/v1/p1/jobs/j1"), params));
  EXPECT_EQ(*params.get("job_id"), "j1");
  EXPECT_FALSE(path.match(fake::split_path("/v1/p1/jobs"), params));
  EXPECT_FALSE(path.match(fake::split_path("/v2/p1/jobs/j1"), params));
  EXPECT_TRUE(fake::PathTemplate::parse("/v1/{p}/failure-jobs/batch")
                  .more_specific_than(fake::PathTemplate::parse("/v1/{p}/failure-jobs/{id}")));
}

TEST(PathTemplate, RefusesWhatCannotBeAPath) {
  EXPECT_NE(error_of([] { fake::PathTemplate::parse("v1/x"); }).find("must start with '/'"),
            std::string::npos);
  EXPECT_NE(error_of([] { fake::PathTemplate::parse("/v1//x"); }).find("empty segment"), std::string::npos);
  EXPECT_NE(error_of([] { fake::PathTemplate::parse("/v1/a{id}"); }).find("whole segment"),
            std::string::npos);
  EXPECT_NE(error_of([] { fake::PathTemplate::parse("/{a}/{a}"); }).find("twice"), std::string::npos);
  EXPECT_NE(error_of([] { fake::PathTemplate::parse("/v1/x?y=1"); }).find("query"), std::string::npos);
}

// One table: the built-in endpoints are exactly those the fixtures' status tables name.
TEST(EndpointTable, BuiltInEndpointsAreTheFixturesStatusTables) {
  std::set<std::string> from_fixtures, from_table;
  for (const char* service : {"sdrs", "kps", "vbs"}) {
    std::ifstream in(std::string(HARNESS_SOURCE_DIR) + "/fixtures/" + service + "/statuses.json");
    ASSERT_TRUE(in) << service;
    const auto table = json::parse(in);
    for (const auto& [key, value] : table.items())
      if (value.is_object()) from_fixtures.insert(std::string(service) + ":" + key);
  }
  for (const auto& endpoint : fake::builtin_endpoints()) {
    from_table.insert(endpoint.service + ":" + endpoint.key);
    if (endpoint.handler == fake::builtin_endpoints().front().handler)  // the job status: VBS's too
      from_table.insert("vbs:" + endpoint.key);
  }
  EXPECT_EQ(from_fixtures, from_table);
}

TEST(DeclaredEndpoint, AnswersAdvancePerPathValueAndStayOnTheLast) {
  fake::World world;
  declare(world, kServer);
  auto first = fake::route(world, request("GET", "/v1/p1/cloudservers/s1"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(body_of(first)["server"], json({{"id", "s1"}, {"status", "BUILD"}, {"project", "p1"}}));
  EXPECT_EQ(body_of(fake::route(world, request("GET", "/v1/p1/cloudservers/s2")))["server"]["status"],
            "BUILD");
  auto second = fake::route(world, request("GET", "/v1/p1/cloudservers/s1?flavor=s3.small"));
  EXPECT_EQ(body_of(second)["server"]["status"], "ACTIVE");
  EXPECT_EQ(body_of(second)["server"]["flavor"], "s3.small");
  EXPECT_EQ(second.scenario_headers, (fake::HeaderList{{"X-Step", "2"}}));
  EXPECT_EQ(body_of(fake::route(world, request("GET", "/v1/p1/cloudservers/s1")))["server"]["status"],
            "ACTIVE");
  EXPECT_EQ(body_of(fake::route(world, request("GET", "/v1/p1/cloudservers/s2")))["server"]["status"],
            "ACTIVE");
  const auto match = fake::match_endpoint(world, request("GET", "/v1/p1/cloudservers/s1"));
  EXPECT_EQ(match.service, "ecs");
  EXPECT_EQ(match.key, "GET /v1/{project_id}/cloudservers/{server_id}");
}

TEST(DeclaredEndpoint, OtherMethodsAre405AndOtherPaths404InTheServiceShape) {
  fake::World world;
  declare(world, kServer);
  auto wrong = fake::route(world, request("DELETE", "/v1/p1/cloudservers/s1"));
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(body_of(wrong)["error"]["code"], "HARNESS.0405");
  ASSERT_FALSE(wrong.headers.empty());
  EXPECT_EQ(wrong.headers.back(), (std::pair<std::string, std::string>{"Allow", "GET"}));
  declare(
      world,
      R"({"method": "delete", "path": "/v1/{project_id}/cloudservers/{id}", "answers": [{"status": 204}]})");
  EXPECT_EQ(fake::route(world, request("DELETE", "/v1/p1/cloudservers/s1")).status, 204);
  EXPECT_EQ(fake::route(world, request("PUT", "/v1/p1/cloudservers/s1")).headers.back().second,
            "GET, DELETE");
  auto kps_like = fake::route(world, request("GET", "/v3/p1/nothing-here"));
  EXPECT_EQ(kps_like.status, 404);
  EXPECT_EQ(body_of(kps_like)["error_code"], "HARNESS.0404");  // nearest template: KPS's flat shape
}

TEST(DeclaredEndpoint, WinsOverTheBuiltInOnTheSamePath) {
  fake::World world;
  add_running_job(world, "sdrs-job");
  EXPECT_EQ(body_of(fake::route(world, request("GET", "/v1/p1/jobs/sdrs-job")))["status"], "RUNNING");
  declare(world, R"({"path": "/v1/{project_id}/jobs/{job_id}", "service": "ecs",
                     "answers": [{"body": {"status": "SUCCESS", "job_id": "{job_id}"}}]})");
  EXPECT_EQ(body_of(fake::route(world, request("GET", "/v1/p1/jobs/sdrs-job")))["status"], "SUCCESS");
  EXPECT_EQ(fake::match_endpoint(world, request("GET", "/v1/p1/jobs/x")).service, "ecs");
  // the built-in endpoints of other paths still answer
  EXPECT_EQ(fake::route(world, request("GET", "/v1/p1/task-center/failure-jobs")).status, 200);
}

TEST(DeclaredEndpoint, ALaterDeclarationOfThePathReplacesTheEarlierAndStartsAgain) {
  fake::World world;
  declare(world, kServer);
  fake::route(world, request("GET", "/v1/p1/cloudservers/s1"));
  declare(world, R"({"path": "/v1/{p}/cloudservers/{id}", "answers": [{"status": 503, "body": "busy"}]})");
  ASSERT_EQ(world.declared_endpoints().size(), 1u);
  auto answer = fake::route(world, request("GET", "/v1/p1/cloudservers/s1"));
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.body, "busy");
}

TEST(DeclaredEndpoint, SpecErrorsNameTheField) {
  auto error = [](const char* spec) { return error_of([&] { fake::endpoint_spec(json::parse(spec)); }); };
  EXPECT_NE(error(R"({"answers": [{}]})").find("path: must be given"), std::string::npos);
  EXPECT_NE(error(R"({"path": "x", "answers": [{}]})").find("must start with '/'"), std::string::npos);
  EXPECT_NE(error(R"({"path": "/x", "answers": []})").find("answers: must be a list"), std::string::npos);
  EXPECT_NE(error(R"({"path": "/x", "answers": [{"status": 700}]})").find("answers[1].status"),
            std::string::npos);
  EXPECT_NE(error(R"({"path": "/x", "answers": [{"stauts": 200}]})").find("answers[1].stauts: unknown field"),
            std::string::npos);
  EXPECT_NE(error(R"({"method": "G T", "path": "/x", "answers": [{}]})").find("not an HTTP method"),
            std::string::npos);
  EXPECT_NE(error(R"({"path": "/__admin/x", "answers": [{}]})").find("admin"), std::string::npos);
}

TEST(ServiceOptions, CredentialsLimitsAndWordingPerService) {
  fake::World world;
  add_running_job(world, "j1");
  EXPECT_EQ(fake::route(world, request("GET", "/v1/p1/jobs/j1")).status,
            200);  // SDRS asks for none by default
  EXPECT_EQ(fake::route(world, request("GET", "/v3/p1/failed-tasks")).status, 401);  // KPS does
  fake::apply_options(json::parse(R"({"services": {"sdrs": {"require_auth": true},
      "kps": {"require_auth": false, "min_limit": 1},
      "vbs": {"errors": {"404": {"code": "VBS.404", "message": "gone"}}}}})"),
                      world.options());
  auto refused = fake::route(world, request("GET", "/v1/p1/jobs/j1"));
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(body_of(refused)["error"]["code"], "HARNESS.0401");
  EXPECT_EQ(fake::route(world, request("GET", "/v1/p1/jobs/j1", {{"X-Auth-Token", "t"}})).status, 200);
  EXPECT_EQ(fake::route(world, request("GET", "/v3/p1/failed-tasks")).status, 200);
  auto zero = fake::route(world, request("GET", "/v3/p1/failed-tasks?limit=0"));
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(body_of(zero)["error_code"], "KPS.0002");
  fake::apply_options(
      json::parse(
          R"({"services": {"sdrs": {"errors": {"404": {"code": "SDRS.9404", "message": "no job"}}}}})"),
      world.options());
  auto missing = fake::route(world, request("GET", "/v1/p1/jobs/none", {{"X-Auth-Token", "t"}}));
  EXPECT_EQ(body_of(missing)["error"], json({{"message", "no job"}, {"code", "SDRS.9404"}}));
  EXPECT_TRUE(world.options().services.at("sdrs").require_auth.value());  // a later call changed only errors
}

TEST(ServiceOptions, WrongOptionsNameTheFieldAndChangeNothing) {
  fake::WorldOptions options;
  auto error = [&](const char* spec) {
    return error_of([&] { fake::apply_options(json::parse(spec), options); });
  };
  EXPECT_NE(error(R"({"services": {"kps": {"require_auth": "yes"}}})").find("services.kps.require_auth"),
            std::string::npos);
  EXPECT_NE(error(R"({"services": {"kps": {"min_limit": 5, "max_limit": 2}}})").find("min_limit: is above"),
            std::string::npos);
  EXPECT_NE(error(R"({"services": {"kps": {"errors": {"200": {"code": "x", "message": "y"}}}}})")
                .find("error status from 400 to 599"),
            std::string::npos);
  EXPECT_NE(error(R"({"services": {"kps": {"errors": {"404": {"text": "y"}}}}, "headers": {"A": "b"}})")
                .find("services.kps.errors.404.text: unknown field"),
            std::string::npos);
  EXPECT_TRUE(options.services.empty());
  EXPECT_TRUE(options.headers.empty());
  fake::apply_options(json::parse(R"({"services": {"kps": {"min_limit": 5}}})"), options);
  EXPECT_NE(error(R"({"services": {"kps": {"max_limit": 2}}})")
                .find("services.kps.min_limit: is above max_limit (5 > 2)"),
            std::string::npos);
  EXPECT_FALSE(options.services.at("kps").max_limit.has_value());
}

}  // namespace
