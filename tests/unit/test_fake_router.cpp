// The router without a socket: job timelines, the SDRS and VBS shapes, errors, and World::add_job's checks.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "harness/fake/router.hpp"
#include "harness/fake/world.hpp"

using namespace harness::fake;
using Json = nlohmann::json;

namespace {

JobSpec job(std::vector<std::string> timeline, std::string service = "sdrs") {
  JobSpec spec;
  spec.service = service;
  spec.project_id = "p1";
  spec.job_type = "createProtectionGroupNoCG";
  spec.timeline = std::move(timeline);
  return spec;
}

Response send(World& world, const std::string& method, const std::string& target) {
  Request request;
  request.method = method;
  request.target = target;
  return route(world, request);
}

Json get_job(World& world, const std::string& id, const std::string& project = "p1") {
  auto response = send(world, "GET", "/v1/" + project + "/jobs/" + id);
  EXPECT_EQ(response.status, 200) << response.body;
  return Json::parse(response.body);
}

const std::string* header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return &value;
  return nullptr;
}

std::string add_job_error(JobSpec spec) {
  World world;
  try {
    world.add_job(std::move(spec));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST(FakeRouter, TimelineAdvancesOneStatePerGetAndStaysOnTheLast) {
  World world;
  auto id = world.add_job(job({"INIT", "RUNNING", "SUCCESS"}));
  for (const char* want : {"INIT", "RUNNING", "SUCCESS", "SUCCESS", "SUCCESS"})
    EXPECT_EQ(get_job(world, id)["status"], want);
  EXPECT_EQ(world.find_job("p1", id)->polls, 5);
}

TEST(FakeRouter, EndTimeIsNullUntilTerminalThenFixed) {
  World world;
  auto id = world.add_job(job({"INIT", "RUNNING", "SUCCESS"}));
  auto first = get_job(world, id);
  EXPECT_TRUE(first["end_time"].is_null());
  EXPECT_EQ(first["begin_time"], "2026-01-01T00:00:00.000Z");
  EXPECT_TRUE(get_job(world, id)["end_time"].is_null());
  auto done = get_job(world, id);
  ASSERT_TRUE(done["end_time"].is_string()) << done.dump();
  EXPECT_EQ(done["end_time"], "2026-01-01T00:00:02.000Z");  // one second of the job's time per step
  EXPECT_EQ(get_job(world, id)["end_time"], done["end_time"]);
  EXPECT_EQ(get_job(world, id)["begin_time"], first["begin_time"]);
}

TEST(FakeRouter, FixedTimesFromTheSpecAreServedAsGiven) {
  World world;
  auto spec = job({"SUCCESS"});
  spec.begin_time = "2019-07-01T02:03:04.005Z";
  spec.end_time = "2019-07-01T02:04:00.000Z";
  auto body = get_job(world, world.add_job(spec));
  EXPECT_EQ(body["begin_time"], "2019-07-01T02:03:04.005Z");
  EXPECT_EQ(body["end_time"], "2019-07-01T02:04:00.000Z");
}

TEST(FakeRouter, FailCarriesErrorCodeAndFailReason) {
  World world;
  auto spec = job({"RUNNING", "FAIL"});
  spec.error_code = "SDRS.1234";
  spec.fail_reason = "The disk is busy.";
  auto id = world.add_job(spec);
  auto running = get_job(world, id);
  EXPECT_TRUE(running["error_code"].is_null());
  EXPECT_TRUE(running["fail_reason"].is_null());
  auto failed = get_job(world, id);
  EXPECT_EQ(failed["status"], "FAIL");
  EXPECT_EQ(failed["error_code"], "SDRS.1234");
  EXPECT_EQ(failed["fail_reason"], "The disk is busy.");
  EXPECT_TRUE(failed["end_time"].is_string());
}

TEST(FakeRouter, FailWithoutCodeDefaultsToSdrs0405) {
  World world;
  auto failed = get_job(world, world.add_job(job({"FAIL"})));
  EXPECT_EQ(failed["error_code"], "SDRS.0405");
  ASSERT_TRUE(failed["fail_reason"].is_string());
  EXPECT_FALSE(failed["fail_reason"].get<std::string>().empty());
}

TEST(FakeRouter, NonFailStatesHaveNullErrorFields) {
  World world;
  auto spec = job({"INIT", "RUNNING", "SUCCESS"});
  spec.error_code = "SDRS.9999";  // only reported while the job is FAIL
  spec.fail_reason = "never shown";
  auto id = world.add_job(spec);
  for (int i = 0; i < 3; ++i) {
    auto body = get_job(world, id);
    EXPECT_TRUE(body["error_code"].is_null()) << body.dump();
    EXPECT_TRUE(body["fail_reason"].is_null()) << body.dump();
  }
}

TEST(FakeRouter, JobBodyCarriesIdTypeAndEntities) {
  World world;
  auto spec = job({"INIT"});
  spec.entities = {{"server_group_id", "a59d008e-4bad-4bf3-9b17-6cc25e7da483"}};
  auto id = world.add_job(spec);
  auto body = get_job(world, id);
  EXPECT_EQ(body["job_id"], id);
  EXPECT_EQ(body["job_type"], "createProtectionGroupNoCG");
  EXPECT_EQ(body["entities"]["server_group_id"], "a59d008e-4bad-4bf3-9b17-6cc25e7da483");
  EXPECT_FALSE(body.contains("sub_jobs"));
  EXPECT_FALSE(body["entities"].contains("sub_jobs"));
}

TEST(FakeRouter, SdrsSubJobsSitUnderEntitiesAndAdvanceWithTheParent) {
  World world;
  auto spec = job({"RUNNING", "RUNNING", "SUCCESS"});
  auto sub = job({"INIT", "SUCCESS"});
  sub.job_type = "createServerGroup";
  spec.sub_jobs = {sub};
  auto id = world.add_job(spec);
  auto first = get_job(world, id);
  EXPECT_FALSE(first.contains("sub_jobs"));
  ASSERT_TRUE(first["entities"]["sub_jobs"].is_array()) << first.dump();
  ASSERT_EQ(first["entities"]["sub_jobs"].size(), 1u);
  const auto& s1 = first["entities"]["sub_jobs"][0];
  EXPECT_EQ(s1["status"], "INIT");
  EXPECT_EQ(s1["job_type"], "createServerGroup");
  EXPECT_EQ(s1["job_id"].get<std::string>().size(), 32u);
  EXPECT_NE(s1["job_id"], id);
  EXPECT_TRUE(s1["end_time"].is_null());
  auto second = get_job(world, id);
  EXPECT_EQ(second["status"], "RUNNING");
  EXPECT_EQ(second["entities"]["sub_jobs"][0]["status"], "SUCCESS");
  EXPECT_TRUE(second["entities"]["sub_jobs"][0]["end_time"].is_string());
}

TEST(FakeRouter, VbsSubJobsSitAtTheTopLevel) {
  World world;
  auto spec = job({"RUNNING"}, "vbs");
  spec.job_type = "bulkCreateBackups";
  auto sub = job({"RUNNING"});
  sub.job_type = "createBackup";
  spec.sub_jobs = {sub, sub};
  auto body = get_job(world, world.add_job(spec));
  ASSERT_TRUE(body["sub_jobs"].is_array()) << body.dump();
  EXPECT_EQ(body["sub_jobs"].size(), 2u);
  EXPECT_FALSE(body["entities"].contains("sub_jobs"));
  EXPECT_EQ(body["sub_jobs"][1]["job_type"], "createBackup");
  EXPECT_NE(body["sub_jobs"][0]["job_id"], body["sub_jobs"][1]["job_id"]);
}

TEST(FakeRouter, UnknownJobIs404WithNestedError) {
  World world;
  auto id = world.add_job(job({"INIT"}));
  for (const std::string& target :
       {std::string("/v1/p1/jobs/0123456789abcdef0123456789abcdef"), "/v1/p2/jobs/" + id}) {
    auto response = send(world, "GET", target);
    EXPECT_EQ(response.status, 404) << target;
    auto body = Json::parse(response.body);
    ASSERT_TRUE(body["error"].is_object()) << response.body;
    EXPECT_EQ(body["error"].size(), 2u);
    EXPECT_TRUE(body["error"]["message"].is_string());
    EXPECT_EQ(body["error"]["code"], "HARNESS.0404");
    ASSERT_NE(header(response, "Content-Type"), nullptr);
    EXPECT_EQ(*header(response, "Content-Type"), "application/json");
  }
  EXPECT_EQ(world.find_job("p1", id)->polls, 0);
}

TEST(FakeRouter, UnknownPathIs404) {
  World world;
  for (const char* target : {"/", "/v1/p1/jobs", "/v2/p1/jobs/x", "/v1/p1/things/x", "/v1/p1/jobs/x/extra"}) {
    auto response = send(world, "GET", target);
    EXPECT_EQ(response.status, 404) << target;
    auto body = Json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "HARNESS.0404") << target;
    EXPECT_TRUE(body["error"]["message"].is_string());
  }
}

TEST(FakeRouter, QueryStringDoesNotChangeTheRoute) {
  World world;
  auto id = world.add_job(job({"RUNNING"}));
  EXPECT_EQ(send(world, "GET", "/v1/p1/jobs/" + id + "?limit=1").status, 200);
}

TEST(FakeRouter, OtherMethodsOnTheJobPathAre405WithAllowGet) {
  World world;
  auto id = world.add_job(job({"INIT", "SUCCESS"}));
  for (const char* method : {"POST", "DELETE", "PUT"}) {
    auto response = send(world, method, "/v1/p1/jobs/" + id);
    EXPECT_EQ(response.status, 405) << method;
    ASSERT_NE(header(response, "Allow"), nullptr) << method;
    EXPECT_EQ(*header(response, "Allow"), "GET");
    EXPECT_EQ(Json::parse(response.body)["error"]["code"], "HARNESS.0405");
  }
  EXPECT_EQ(world.find_job("p1", id)->polls, 0);  // a refused method does not advance the timeline
  EXPECT_EQ(get_job(world, id)["status"], "INIT");
}

TEST(FakeWorld, AddJobServesAStateThePageDoesNotList) {
  World world;
  auto id = world.add_job(job({"INIT", "DONE"}));  // the checks, not the world, say DONE is not documented
  EXPECT_EQ(get_job(world, id)["status"], "INIT");
  EXPECT_EQ(get_job(world, id)["status"], "DONE");
}

TEST(FakeWorld, AddJobRejectsAnEmptyTimeline) {
  auto message = add_job_error(job({}));
  EXPECT_EQ(message.rfind("timeline:", 0), 0u) << message;
}

TEST(FakeWorld, AddJobRejectsADuplicateId) {
  World world;
  auto spec = job({"INIT"});
  spec.job_id = "0123456789abcdef0123456789abcdef";
  world.add_job(spec);
  try {
    world.add_job(spec);
    FAIL() << "a duplicate job id was accepted";
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    EXPECT_EQ(message.rfind("job_id:", 0), 0u) << message;
    EXPECT_NE(message.find(spec.job_id), std::string::npos) << message;
  }
  EXPECT_EQ(world.job_count(), 1u);
  spec.project_id = "p2";  // the same id in another project is another job
  EXPECT_NO_THROW(world.add_job(spec));
}

TEST(FakeWorld, AddJobRejectsNestedSubJobs) {
  auto spec = job({"INIT"});
  auto sub = job({"INIT"});
  sub.sub_jobs = {job({"INIT"})};
  spec.sub_jobs = {job({"INIT"}), sub};
  auto message = add_job_error(spec);
  EXPECT_EQ(message.rfind("sub_jobs[2].sub_jobs:", 0), 0u) << message;
}

TEST(FakeWorld, AddJobRejectsAMissingProject) {
  auto spec = job({"INIT"});
  spec.project_id.clear();
  EXPECT_EQ(add_job_error(spec).rfind("project_id:", 0), 0u);
}

TEST(FakeWorld, JobIdsAre32LowerHexAndDeterministicPerSeed) {
  World a(42), b(42), c(43);
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto id = a.add_job(job({"INIT"}));
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_EQ(b.add_job(job({"INIT"})), id);
    EXPECT_NE(c.add_job(job({"INIT"})), id);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(FakeWorld, GivenJobIdIsKept) {
  World world;
  auto spec = job({"INIT"});
  spec.job_id = "ffffffffffffffffffffffffffffffff";
  EXPECT_EQ(world.add_job(spec), "ffffffffffffffffffffffffffffffff");
  EXPECT_NE(world.find_job("p1", "ffffffffffffffffffffffffffffffff"), nullptr);
}
