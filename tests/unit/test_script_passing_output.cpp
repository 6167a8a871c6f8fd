// A passing case's transcripts can be let go as soon as the case ended (PassingOutput::dropped): the JUnit
// report is byte for byte the same, because each case's output went into the suite's <system-out> as it
// ended.
#include <fstream>
#include <regex>

#include "harness/report/junit_writer.hpp"
#include "tests/unit/script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::report::SuiteResult;
using harness::script::PassingOutput;

const char* const kScenario =
    "print('top level')\n"
    "local function get()\n"
    "  local job = fake.job { job_type = 'createProtectionGroupNoCG', timeline = { 'RUNNING' } }\n"
    "  return http.get('/v1/' .. project_id .. '/jobs/' .. job.job_id)\n"
    "end\n"
    "case('passes', function() get(); print('passing \\27 output') end)\n"
    "case('passes  too', function() get(); get() end)\n"
    "case('passes too', function() print('same name, once cleaned') end)\n"
    "case('fails', function() get(); expect(1).equals(2) end)\n"
    "case('errs', function() print('before'); error('boom') end)\n"
    "case('quiet', function() end)\n";

class PassingOutputTest : public harness::testing::ScriptTest {
 protected:
  SuiteResult run_with(PassingOutput passing) {
    file_ = (dir_ / "scenario.lua").string();
    std::ofstream(file_, std::ios::binary) << kScenario;
    harness::script::ScenarioEnv env{&world_, client_, fixtures_};
    env.passing_output = passing;
    return harness::script::run_scenario(file_, env);
  }
  // The report without what differs from run to run: times, job ids, the fake's port.
  static std::string report(SuiteResult suite) {
    suite.timestamp = "2025-01-31T12:00:00";
    harness::report::RunResult run;
    run.suites.push_back(std::move(suite));
    return normal(harness::report::render_junit(run, {.hostname = "h"}));
  }
  static std::string normal(const std::string& text) {
    return std::regex_replace(std::regex_replace(text, std::regex("[0-9a-f]{32}"), "ID"),
                              std::regex("[0-9]+"), "N");
  }
};

TEST_F(PassingOutputTest, DroppedKeepsOnlyTheProblemsOutputAndTheSameReport) {
  const SuiteResult kept = run_with(PassingOutput::kept);
  const SuiteResult dropped = run_with(PassingOutput::dropped);
  ASSERT_EQ(kept.cases.size(), 6u);
  ASSERT_EQ(dropped.cases.size(), 6u);
  EXPECT_NE(kept.cases[0].output.find("passing \x1b output"), std::string::npos) << kept.cases[0].output;
  EXPECT_FALSE(kept.cases[1].output.empty());
  for (std::size_t i : {0u, 1u, 2u, 5u}) {
    EXPECT_EQ(dropped.cases[i].outcome, Outcome::passed) << i;
    EXPECT_EQ(dropped.cases[i].output, "") << i;
  }
  EXPECT_EQ(dropped.cases[3].outcome, Outcome::failed);
  EXPECT_EQ(normal(dropped.cases[3].output), normal(kept.cases[3].output));
  EXPECT_NE(dropped.cases[3].output.find("> GET /v1/"), std::string::npos);
  EXPECT_EQ(dropped.cases[4].outcome, Outcome::errored);
  EXPECT_EQ(dropped.cases[4].output, "before\n");
  const std::string xml = report(kept);
  EXPECT_NE(xml.find("--- case: passes too (N) ---\nsame name, once cleaned\n"), std::string::npos) << xml;
  EXPECT_NE(xml.find("(top level of"), std::string::npos);
  EXPECT_EQ(report(dropped), xml);
}

TEST_F(PassingOutputTest, TheSuitesOutputIsWhatTheCasesOutputsMake) {
  // The folded <system-out> equals the one the writer builds from the cases' own outputs.
  SuiteResult kept = run_with(PassingOutput::kept);
  const std::string folded = report(kept);
  kept.system_out.reset();
  EXPECT_EQ(report(kept), folded);
}

}  // namespace
