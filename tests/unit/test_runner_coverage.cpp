// Contract coverage from a world's journal: statuses per documented endpoint, fault kinds, job and sub-job
// states served, query parameters; and the documented universe read from fixtures/.
#include <gtest/gtest.h>

#include "harness/contract/fixture_store.hpp"
#include "harness/fake/router.hpp"
#include "harness/runner/coverage_collect.hpp"

using namespace harness;

namespace {

fake::Request get(std::string target) {
  fake::Request request;
  request.method = "GET";
  request.target = std::move(target);
  return request;
}

const std::string kJobs = "sdrs:GET /v1/{project_id}/jobs/{job_id}";

}  // namespace

TEST(RunnerCoverage, DocumentedUniverseComesFromTheStatusTables) {
  const contract::FixtureStore fixtures("fixtures");
  const auto coverage = runner::documented_coverage(fixtures);
  ASSERT_TRUE(coverage.endpoints.count(kJobs));
  const auto& statuses = coverage.endpoints.at(kJobs).statuses;
  EXPECT_EQ(statuses.size(), 15u);  // 200 and the 14 abnormal statuses of the page
  EXPECT_TRUE(statuses.count(200) && statuses.count(504));
  EXPECT_TRUE(coverage.endpoints.count("kps:GET /v3/{project_id}/running-tasks"));
  EXPECT_EQ(coverage.faults.size(), 8u);
  EXPECT_EQ(coverage.job_states.size(), 4u);  // the schema's enum: SUCCESS RUNNING FAIL INIT
  EXPECT_EQ(coverage.status_gaps().size(), coverage.endpoints.size());
}

TEST(RunnerCoverage, CountsWhatTheJournalShows) {
  const contract::FixtureStore fixtures("fixtures");
  auto coverage = runner::documented_coverage(fixtures);
  fake::World world(1);
  fake::JobSpec parent;
  parent.project_id = "p1";
  parent.job_type = "createProtectionGroupNoCG";
  parent.timeline = {"RUNNING", "SUCCESS"};
  fake::JobSpec sub = parent;
  sub.timeline = {"INIT", "FAIL"};
  parent.sub_jobs = {sub};
  const auto id = world.add_job(parent);
  const std::string path = "/v1/p1/jobs/" + id;
  fake::serve(world, get(path));                // RUNNING, sub INIT
  fake::serve(world, get(path));                // SUCCESS, sub FAIL (settles)
  fake::serve(world, get(path));                // the settled body: still counted
  fake::serve(world, get("/v1/p1/jobs/nope"));  // 404
  fake::FaultSpec reset;
  reset.action = fake::FaultAction::reset;
  reset.path = "/v1/p1/jobs/*";
  reset.times = 1;
  world.add_fault(reset);
  fake::serve(world, get(path));  // reset: no status answered
  fake::FaultSpec late;
  late.action = fake::FaultAction::status;
  late.status = 503;
  late.delay = std::chrono::milliseconds(5);
  late.path = "/v1/p1/task-center/failure-jobs";
  world.add_fault(late);
  fake::serve(world, get("/v1/p1/task-center/failure-jobs?limit=2&offset=0&limit=3"));
  fake::serve(world, get("/nowhere"));

  runner::collect_coverage(world, coverage);
  const auto& jobs = coverage.endpoints.at(kJobs);
  EXPECT_EQ(jobs.statuses.at(200), 3u);
  EXPECT_EQ(jobs.statuses.at(404), 1u);
  EXPECT_EQ(jobs.statuses.at(503), 0u);
  const auto& list = coverage.endpoints.at("sdrs:GET /v1/{project_id}/task-center/failure-jobs");
  EXPECT_EQ(list.statuses.at(503), 1u);
  EXPECT_EQ(list.query.at("limit"), 2u);
  EXPECT_EQ(list.query.at("offset"), 1u);
  EXPECT_EQ(coverage.faults.at("reset"), 1u);
  EXPECT_EQ(coverage.faults.at("status"), 1u);
  EXPECT_EQ(coverage.faults.at("delay"), 1u);  // the status fault waited first
  EXPECT_EQ(coverage.faults.at("drip"), 0u);
  EXPECT_EQ(coverage.job_states.at("RUNNING"), 1u);
  EXPECT_EQ(coverage.job_states.at("SUCCESS"), 2u);
  EXPECT_EQ(coverage.job_states.at("INIT"), 0u);
  EXPECT_EQ(coverage.sub_job_states.at("INIT"), 1u);
  EXPECT_EQ(coverage.sub_job_states.at("FAIL"), 2u);
  EXPECT_EQ(coverage.requests, 7u);
  EXPECT_EQ(coverage.unmatched_requests, 1u);
}
