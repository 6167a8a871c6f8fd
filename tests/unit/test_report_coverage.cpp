// The coverage model: merging shards, the gaps --require-coverage names, the JSON round trip and its errors.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/coverage.hpp"

using namespace harness::report;

namespace {

Coverage sample(std::uint64_t ok, std::uint64_t unavailable) {
  Coverage coverage;
  coverage.collected = true;
  auto& endpoint = coverage.endpoints["sdrs:GET /v1/{project_id}/jobs/{job_id}"];
  endpoint.service = "sdrs";
  endpoint.key = "GET /v1/{project_id}/jobs/{job_id}";
  endpoint.statuses = {{200, ok}, {404, 0}, {503, unavailable}};
  endpoint.query = {{"limit", ok}};
  coverage.faults = {{"reset", unavailable}, {"drip", 0}};
  coverage.job_states = {{"INIT", ok}, {"FAIL", 0}};
  coverage.requests = ok + unavailable;
  return coverage;
}

}  // namespace

TEST(ReportCoverage, MergeAddsCountsAndKeepsDocumentedNames) {
  auto merged = sample(2, 0);
  merged.merge(sample(1, 3));
  const auto& statuses = merged.endpoints.begin()->second.statuses;
  EXPECT_EQ(statuses.at(200), 3u);
  EXPECT_EQ(statuses.at(503), 3u);
  EXPECT_EQ(statuses.at(404), 0u);
  EXPECT_EQ(merged.faults.at("reset"), 3u);
  EXPECT_EQ(merged.requests, 6u);
  ASSERT_EQ(merged.status_gaps().size(), 1u);
  EXPECT_EQ(merged.status_gaps()[0], "sdrs GET /v1/{project_id}/jobs/{job_id}: 404");
}

TEST(ReportCoverage, AStatusUndocumentedOnOneSideJoinsTheTableOfTheOther) {
  Coverage counted;  // a file's coverage made without the tables
  auto& endpoint = counted.endpoints["sdrs:GET /v1/{project_id}/jobs/{job_id}"];
  endpoint.undocumented = {{404, 2}, {418, 1}};
  auto merged = sample(1, 1);
  merged.merge(counted);
  const auto& mine = merged.endpoints.begin()->second;
  EXPECT_EQ(mine.statuses.at(404), 2u);
  EXPECT_EQ(mine.undocumented.size(), 1u);
  EXPECT_EQ(mine.undocumented.at(418), 1u);
  EXPECT_TRUE(merged.status_gaps().empty());
}

TEST(ReportCoverage, JsonRoundTrip) {
  const auto original = sample(4, 1);
  const auto back = coverage_from_json(coverage_to_json(original), "x.json");
  EXPECT_EQ(coverage_to_json(back), coverage_to_json(original));
  EXPECT_EQ(coverage_to_json(original)["gaps"]["statuses"][0],
            "sdrs GET /v1/{project_id}/jobs/{job_id}: 404");
}

TEST(ReportCoverage, BrokenJsonNamesTheFileAndField) {
  auto expect_error = [](const char* text, const std::string& want) {
    try {
      coverage_from_json(nlohmann::json::parse(text), "c.json");
      ADD_FAILURE() << "no error for " << text;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  };
  expect_error(R"({"endpoints": []})", "c.json: not a coverage file");
  expect_error(R"({"format": "harness-coverage/1", "faults": {"reset": "x"}})",
               "c.json: /faults/reset: expected a count");
  expect_error(
      R"({"format": "harness-coverage/1", "endpoints": [{"service": "s", "endpoint": "e", "statuses": {"20x": 1}}]})",
      "c.json: /endpoints/0/statuses/20x: not an HTTP status");
  expect_error(R"({"format": "harness-coverage/1", "endpoints": [{}]})", "c.json: /endpoints/0: needs");
}

TEST(ReportCoverage, ConsoleTableSaysWhatWasNeverSeen) {
  std::ostringstream out;
  print_coverage(out, sample(1, 0));
  EXPECT_NE(out.str().find("1/3  sdrs GET /v1/{project_id}/jobs/{job_id}  never: 404 503"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("statuses: 1 of 3 documented statuses exercised\n"), std::string::npos);
  std::ostringstream full;
  print_coverage(full, sample(1, 1));
  EXPECT_EQ(full.str().find("(full status coverage)"), std::string::npos);  // 404 still missing
}
