// The SDRS job-status schema against the page's examples and against broken responses.
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"

namespace {

using harness::contract::FixtureStore;
using harness::contract::Violation;
using nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures";

std::vector<std::string> texts(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(v.text());
  return out;
}

class JobStatusSchema : public ::testing::Test {
 protected:
  FixtureStore store{kFixtures};
  json simple = store.load("sdrs/job_status.example");
  json with_subjobs = store.load("sdrs/job_status_subjobs.example");

  std::vector<Violation> check(const json& value) { return store.check("sdrs/job_status", value); }
};

TEST_F(JobStatusSchema, BothPageExamplesConform) {
  EXPECT_EQ(texts(check(simple)), std::vector<std::string>{});
  EXPECT_EQ(texts(check(with_subjobs)), std::vector<std::string>{});
  ASSERT_EQ(with_subjobs["entities"]["sub_jobs"].size(), 2u);  // the examples really are the page's
  EXPECT_EQ(simple["job_id"], "0000000062db92d70162db9d200f000a");
}

TEST_F(JobStatusSchema, EveryDocumentedStatusConforms) {
  for (const char* status : {"SUCCESS", "RUNNING", "FAIL", "INIT"}) {
    simple["status"] = status;
    EXPECT_TRUE(check(simple).empty()) << status;
  }
}

TEST_F(JobStatusSchema, MissingStatusIsReportedAtTheObject) {
  simple.erase("status");
  const auto violations = check(simple);
  ASSERT_EQ(violations.size(), 1u) << ::testing::PrintToString(texts(violations));
  EXPECT_EQ(violations[0].pointer, "");
  EXPECT_EQ(violations[0].reason, "missing required property \"status\"");
}

TEST_F(JobStatusSchema, UnknownStatusNamesTheValueAndTheAllowedOnes) {
  simple["status"] = "DONE";
  const auto violations = check(simple);
  ASSERT_EQ(violations.size(), 1u) << ::testing::PrintToString(texts(violations));
  EXPECT_EQ(violations[0].pointer, "/status");
  EXPECT_EQ(violations[0].text(), "/status: \"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT");
}

TEST_F(JobStatusSchema, NumberAsJobIdIsATypeViolation) {
  simple["job_id"] = 42;
  EXPECT_EQ(texts(check(simple)), std::vector<std::string>{"/job_id: 42 is a number, expected string"});
}

TEST_F(JobStatusSchema, MalformedBeginTimeFailsThePattern) {
  simple["begin_time"] = "2018-04-19 01:55";
  const auto violations = check(simple);
  ASSERT_EQ(violations.size(), 1u) << ::testing::PrintToString(texts(violations));
  EXPECT_EQ(violations[0].pointer, "/begin_time");
  EXPECT_EQ(violations[0].reason.rfind("\"2018-04-19 01:55\" does not match the pattern ^\\d{4}-", 0), 0u)
      << violations[0].reason;
}

TEST_F(JobStatusSchema, NullIsAllowedForEndTimeOnly) {
  simple["end_time"] = nullptr;
  EXPECT_TRUE(check(simple).empty());
  simple["begin_time"] = nullptr;
  EXPECT_EQ(texts(check(simple)), std::vector<std::string>{"/begin_time: got null, expected string"});
}

TEST_F(JobStatusSchema, EndTimeStringStillNeedsThePattern) {
  simple["end_time"] = "2018-04-19T01:55:45Z";  // no milliseconds
  const auto violations = check(simple);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].pointer, "/end_time");
}

TEST_F(JobStatusSchema, ErrorFieldsAreStringOrNull) {
  simple["status"] = "FAIL";
  simple["error_code"] = "SDRS.0405";
  simple["fail_reason"] = "failed to execute job";
  EXPECT_TRUE(check(simple).empty());
  simple["error_code"] = 405;
  EXPECT_EQ(texts(check(simple)),
            std::vector<std::string>{"/error_code: 405 is a number, expected string or null"});
}

TEST_F(JobStatusSchema, TopLevelMessageAndCodeAreOptionalStrings) {
  simple["message"] = "job failed";
  simple["code"] = "SDRS.0405";
  EXPECT_TRUE(check(simple).empty());
  simple["code"] = 500;
  EXPECT_EQ(texts(check(simple)), std::vector<std::string>{"/code: 500 is a number, expected string"});
}

TEST_F(JobStatusSchema, JobTypeIsNotRestrictedToThePageList) {
  simple["job_type"] = "someFutureJobType";
  EXPECT_TRUE(check(simple).empty());
}

TEST_F(JobStatusSchema, EntitiesMustBeAnObject) {
  simple["entities"] = json::array();
  EXPECT_EQ(texts(check(simple)), std::vector<std::string>{"/entities: [] is an array, expected object"});
}

TEST_F(JobStatusSchema, BadSubJobStatusPointsIntoTheArray) {
  with_subjobs["entities"]["sub_jobs"][1]["status"] = "DONE";
  EXPECT_EQ(texts(check(with_subjobs)),
            std::vector<std::string>{
                "/entities/sub_jobs/1/status: \"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT"});
}

TEST_F(JobStatusSchema, SubJobMissingAFieldIsReportedAtTheSubJob) {
  with_subjobs["entities"]["sub_jobs"][0].erase("job_id");
  EXPECT_EQ(texts(check(with_subjobs)),
            std::vector<std::string>{"/entities/sub_jobs/0: missing required property \"job_id\""});
}

TEST_F(JobStatusSchema, SubJobEntityIdsMustBeStrings) {
  with_subjobs["entities"]["sub_jobs"][0]["entities"]["server_group_id"] = json::array({1});
  EXPECT_EQ(texts(check(with_subjobs)),
            std::vector<std::string>{
                "/entities/sub_jobs/0/entities/server_group_id: [1] is an array, expected string"});
}

TEST_F(JobStatusSchema, SeveralViolationsComeOrderedWithoutParentNoise) {
  with_subjobs["job_id"] = 42;
  with_subjobs.erase("status");
  with_subjobs["entities"]["sub_jobs"][1]["begin_time"] = "yesterday";
  with_subjobs["entities"]["sub_jobs"][0]["status"] = "DONE";
  const auto violations = check(with_subjobs);
  ASSERT_EQ(violations.size(), 4u) << ::testing::PrintToString(texts(violations));
  EXPECT_EQ(violations[0].text(), "missing required property \"status\"");
  EXPECT_EQ(violations[1].pointer, "/entities/sub_jobs/0/status");
  EXPECT_EQ(violations[2].pointer, "/entities/sub_jobs/1/begin_time");
  EXPECT_EQ(violations[3].text(), "/job_id: 42 is a number, expected string");
}

TEST_F(JobStatusSchema, ArrayIndicesOrderNumerically) {
  json many = with_subjobs;
  auto& subs = many["entities"]["sub_jobs"];
  for (int i = 0; i < 10; ++i) subs.push_back(subs[0]);
  subs[2]["status"] = "DONE";
  subs[10]["status"] = "DONE";
  const auto violations = check(many);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].pointer, "/entities/sub_jobs/2/status");
  EXPECT_EQ(violations[1].pointer, "/entities/sub_jobs/10/status");
}

TEST_F(JobStatusSchema, ConcurrentChecksShareOneStore) {
  FixtureStore fresh{kFixtures};  // nothing cached yet: the threads race to load the schema too
  json bad = with_subjobs;
  bad["entities"]["sub_jobs"][1]["status"] = "DONE";
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const bool good_ok = fresh.check("sdrs/job_status", with_subjobs).empty();
        const auto bad_result = fresh.check("sdrs/job_status", bad);
        const bool bad_ok = bad_result.size() == 1 && bad_result[0].pointer == "/entities/sub_jobs/1/status";
        const bool error_ok = fresh.check("sdrs/error", fresh.load("sdrs/error.example")).empty();
        if (!good_ok || !bad_ok || !error_ok) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(8, 0));
}

TEST(ErrorSchema, PageExampleConformsAndBothFieldsAreRequired) {
  FixtureStore store{kFixtures};
  json body = store.load("sdrs/error.example");
  EXPECT_TRUE(store.check("sdrs/error", body).empty());
  body["error"].erase("code");
  EXPECT_EQ(texts(store.check("sdrs/error", body)),
            std::vector<std::string>{"/error: missing required property \"code\""});
  EXPECT_FALSE(
      store.check("sdrs/error", json{{"message", "x"}, {"code", "y"}}).empty());  // the flat form is not it
}

TEST(ErrorSchema, JobStatusBodyIsNotAnErrorBody) {
  FixtureStore store{kFixtures};
  EXPECT_EQ(texts(store.check("sdrs/error", store.load("sdrs/job_status.example"))),
            std::vector<std::string>{"missing required property \"error\""});
}

}  // namespace

namespace {

// Found by fuzz_contract: valijson's minLength read past a table on a run of UTF-8 continuation bytes. A
// value from Lua can hold any bytes; the check names the string instead of handing it to valijson.
TEST_F(JobStatusSchema, AStringThatIsNotUtf8IsAViolationAtItsPointer) {
  json value = simple;
  value["entities"]["server_group_id"] = std::string(60, '\x82');
  EXPECT_EQ(texts(check(value)),
            std::vector<std::string>{
                "/entities/server_group_id: is not UTF-8 text (JSON strings are UTF-8, RFC 8259)"});
  json key = simple;
  key["entities"][std::string("\xff")] = 1;
  EXPECT_EQ(texts(check(key)).at(0).substr(0, 12), "/entities/\xff:");
}

}  // namespace
