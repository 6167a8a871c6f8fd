// A compiled schema lends its valijson validators (and their compiled "pattern" regexes) to one check after
// another: the verdicts must be those of a fresh validator, also when threads check at once, and the number
// of validators stays at the number of checks that ran at the same time.
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"
#include "harness/contract/schema_check.hpp"

namespace {

using harness::contract::FixtureStore;
using harness::contract::Violation;
using harness::contract::detail::check_value;
using harness::contract::detail::compile_schema;
using harness::contract::detail::validators_made;
using nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures";
const std::filesystem::path kJobStatus = kFixtures / "sdrs" / "job_status.schema.json";

std::vector<std::string> texts(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(v.text());
  return out;
}

// The page's examples and broken variants of them, several of which break a "pattern" (the cached regexes).
std::vector<json> samples() {
  FixtureStore store{kFixtures};
  const json simple = store.load("sdrs/job_status.example");
  const json subjobs = store.load("sdrs/job_status_subjobs.example");
  std::vector<json> out{simple, subjobs};
  for (const char* time : {"2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z", "x"}) {
    json bad_time = simple;
    bad_time["begin_time"] = time;
    out.push_back(bad_time);
    json bad_end = subjobs;
    bad_end["entities"]["sub_jobs"][1]["end_time"] = time;
    out.push_back(bad_end);
  }
  json bad_status = subjobs;
  bad_status["entities"]["sub_jobs"][0]["status"] = "DONE";
  out.push_back(bad_status);
  json missing = simple;
  missing.erase("status");
  out.push_back(missing);
  return out;
}

// What a validator that never checked anything says: a schema compiled for this value alone.
std::vector<std::vector<std::string>> fresh_verdicts(const std::vector<json>& values) {
  std::vector<std::vector<std::string>> out;
  for (const json& value : values) out.push_back(texts(check_value(*compile_schema(kJobStatus), value)));
  return out;
}

// Computed once for both tests: each fresh verdict compiles the schema and its regexes again (slow under
// ASan).
class ValidatorReuse : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    values = samples();
    expected = fresh_verdicts(values);
  }
  static inline std::vector<json> values;
  static inline std::vector<std::vector<std::string>> expected;
};

TEST_F(ValidatorReuse, SerialChecksGiveFreshVerdictsWithOneValidator) {
  ASSERT_TRUE(expected[0].empty());
  ASSERT_FALSE(expected[2].empty());  // "2026-01-01" breaks the pattern
  const auto schema = compile_schema(kJobStatus);
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(texts(check_value(*schema, values[i])), expected[i]) << "round " << round << ", sample " << i;
  EXPECT_EQ(validators_made(*schema), 1u);  // one validator, its regexes compiled once
}

TEST_F(ValidatorReuse, ConcurrentChecksGiveFreshVerdictsWithAtMostOneValidatorPerThread) {
  const auto schema = compile_schema(kJobStatus);
  constexpr int kThreads = 4;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < values.size(); ++i)
          wrong[t] += texts(check_value(*schema, values[(i + t) % values.size()])) !=
                      expected[(i + t) % values.size()];
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(kThreads, 0));
  EXPECT_GE(validators_made(*schema), 1u);
  EXPECT_LE(validators_made(*schema), static_cast<std::size_t>(kThreads));
}

}  // namespace
