// Console output: streamed case lines, the summary, and the final "N passed, N failed" line.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "harness/report/console_reporter.hpp"

using namespace harness::report;

namespace {

CaseResult make_case(std::string name, Outcome outcome, std::string message = {}, double seconds = 0.012) {
  CaseResult c;
  c.name = std::move(name);
  c.outcome = outcome;
  c.message = std::move(message);
  c.seconds = seconds;
  return c;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Plays a run through the reporter the way the runner does.
std::string play(const RunResult& run, bool color) {
  std::ostringstream out;
  ConsoleReporter reporter(out, color);
  for (const SuiteResult& suite : run.suites) {
    reporter.suite_starting(suite.file);
    for (const CaseResult& c : suite.cases) reporter.case_ended(suite, c);
  }
  reporter.run_ended(run);
  return out.str();
}

RunResult sample_run() {
  SuiteResult jobs;
  jobs.file = "scenarios/sdrs/job_status.lua";
  jobs.cases.push_back(make_case("job goes INIT -> RUNNING -> SUCCESS", Outcome::passed));
  jobs.cases.push_back(make_case("503 twice, then the job", Outcome::failed,
                                 "scenarios/sdrs/job_status.lua:27: expected 200, got 503", 0.04));
  jobs.cases.push_back(make_case("times out", Outcome::errored, "read timed out after 2s", 2.0));
  jobs.cases.push_back(make_case("delete", Outcome::skipped, "skip(): server has no DELETE route"));
  SuiteResult broken;
  broken.file = "scenarios/broken.lua";
  broken.error_output = "scenarios/broken.lua:3: unexpected symbol near 'x'\nstack traceback:";
  RunResult run;
  run.suites = {jobs, broken};
  run.seconds = 2.0764;
  run.seed = 1234;
  return run;
}

TEST(ConsoleReporter, StreamsOneLinePerCase) {
  const std::vector<std::string> out = lines(play(sample_run(), false));
  ASSERT_GE(out.size(), 8u);
  EXPECT_EQ(out[0], "scenarios/sdrs/job_status.lua");
  EXPECT_EQ(out[1], "  PASS  job goes INIT -> RUNNING -> SUCCESS (12 ms)");
  EXPECT_EQ(out[2], "  FAIL  503 twice, then the job (40 ms)");
  EXPECT_EQ(out[3], "        scenarios/sdrs/job_status.lua:27: expected 200, got 503");
  EXPECT_EQ(out[4], "  ERROR times out (2000 ms)");
  EXPECT_EQ(out[5], "        read timed out after 2s");
  EXPECT_EQ(out[6], "  SKIP  delete (12 ms)");
  EXPECT_EQ(out[7], "        skip(): server has no DELETE route");
  EXPECT_EQ(out[8], "scenarios/broken.lua");
}

TEST(ConsoleReporter, SummaryListsFailuresAndCounts) {
  const std::string text = play(sample_run(), false);
  const std::vector<std::string> out = lines(text);
  auto has = [&](const std::string& line) { return std::find(out.begin(), out.end(), line) != out.end(); };
  EXPECT_TRUE(has("scenarios/sdrs/job_status.lua:27: expected 200, got 503")) << text;
  EXPECT_TRUE(has("scenarios/sdrs/job_status.lua: read timed out after 2s")) << "file put in front: " << text;
  EXPECT_TRUE(has("scenarios/broken.lua:3: unexpected symbol near 'x'")) << "load error listed: " << text;
  EXPECT_TRUE(has("seed: 1234")) << text;
  EXPECT_TRUE(has("1 passed, 1 failed, 2 errored, 1 skipped in 2.08 s")) << text;
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), "1 passed, 1 failed, 2 errored, 1 skipped in 2.08 s") << "one total line, the last";
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no colour unless asked";
}

TEST(ConsoleReporter, AllPassingRun) {
  SuiteResult suite;
  suite.file = "scenarios/a.lua";
  for (int i = 0; i < 12; ++i) suite.cases.push_back(make_case("case " + std::to_string(i), Outcome::passed));
  RunResult run;
  run.suites = {suite};
  run.seconds = 0.5;
  const std::string text = play(run, false);
  EXPECT_EQ(text.find("failures and errors"), std::string::npos);
  EXPECT_TRUE(text.ends_with("seed: 0\n12 passed, 0 failed, 0 errored, 0 skipped in 0.50 s\n")) << text;
}

TEST(ConsoleReporter, ColoursOnlyWhenAsked) {
  const std::string text = play(sample_run(), true);
  EXPECT_NE(text.find("\x1b[32mPASS"), std::string::npos);
  EXPECT_NE(text.find("\x1b[31mFAIL"), std::string::npos);
  EXPECT_TRUE(text.ends_with("\n\x1b[31m1 passed, 1 failed, 2 errored, 1 skipped in 2.08 s\x1b[0m\n"))
      << text;
}

TEST(ConsoleReporter, ControlCharactersAreShownNotSent) {
  SuiteResult suite;
  suite.file = "scenarios/a.lua";
  suite.cases.push_back(make_case("evil\x1b[2J", Outcome::failed, "scenarios/a.lua:1: got \x1b]0;title\x07"));
  RunResult run;
  run.suites = {suite};
  const std::string text = play(run, false);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("evil\\x1b[2J"), std::string::npos);
  EXPECT_NE(text.find("scenarios/a.lua:1: got \\x1b]0;title\\x07"), std::string::npos);
}

TEST(ConsoleReporter, NamesTheFileAgainWhenSuitesInterleave) {
  SuiteResult a, b;
  a.file = "scenarios/a.lua";
  b.file = "scenarios/b.lua";
  std::ostringstream out;
  ConsoleReporter reporter(out, false);
  reporter.suite_starting(a.file);
  reporter.suite_starting(b.file);
  reporter.case_ended(a, make_case("x", Outcome::passed));
  EXPECT_EQ(out.str(), "scenarios/a.lua\nscenarios/b.lua\nscenarios/a.lua\n  PASS  x (12 ms)\n");
}

}  // namespace

namespace {

TEST(ConsoleReporter, OnATerminalPassesFoldIntoOneLinePerFileUnderAProgressLine) {
  std::ostringstream out;
  ConsoleReporter reporter(out, false, true);
  RunResult run = sample_run();
  reporter.run_starting(run.suites.size());
  for (const auto& suite : run.suites) {
    reporter.suite_starting(suite.file);
    SuiteResult so_far;
    so_far.file = suite.file;
    for (const auto& result : suite.cases) {
      so_far.cases.push_back(result);
      reporter.case_ended(so_far, result);
    }
    reporter.suite_ended(suite);
  }
  reporter.run_ended(run);
  const std::string text = out.str();
  EXPECT_EQ(text.find("PASS  job goes"), std::string::npos)
      << text;  // a passing case gets no line of its own
  EXPECT_NE(text.find("  FAIL  503 twice, then the job (40 ms)"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\x1b[2K[1/2 files] 1 passed, 1 failed, 1 errored, 1 skipped"), std::string::npos)
      << text;
  EXPECT_NE(text.find("FAIL  scenarios/sdrs/job_status.lua (1 passed, 1 failed, 1 errored, 1 skipped"),
            std::string::npos)
      << text;
  EXPECT_TRUE(text.ends_with("\n1 passed, 1 failed, 2 errored, 1 skipped in 2.08 s\n")) << text;
}

// Plays a run through a reporter with `options`, live or not.
std::string play_with(const RunResult& run, ConsoleOptions options) {
  std::ostringstream out;
  ConsoleReporter reporter(out, options);
  reporter.run_starting(run.suites.size());
  for (const SuiteResult& suite : run.suites) {
    reporter.suite_starting(suite.file);
    for (const CaseResult& c : suite.cases) reporter.case_ended(suite, c);
    reporter.suite_ended(suite);
  }
  reporter.run_ended(run);
  return out.str();
}

// True when every colour a line turns on is turned off again before the line ends.
bool colours_closed(const std::string& line) {
  bool open = false;
  for (std::size_t at = line.find("\x1b["); at != std::string::npos; at = line.find("\x1b[", at + 2)) {
    const std::size_t end = line.find_first_of("mK", at);
    if (end == std::string::npos) return false;
    if (line[end] == 'K') continue;  // erase the line: no colour
    open = line.compare(at, end - at + 1, "\x1b[0m") != 0;
  }
  return !open;
}

TEST(ConsoleReporter, EveryColourIsResetOnItsOwnLine) {
  EXPECT_FALSE(colours_closed("\x1b[31mFAIL"));  // the check itself can fail
  for (bool live : {false, true})
    for (auto verbosity : {Verbosity::quiet, Verbosity::normal, Verbosity::verbose}) {
      const std::string text = play_with(sample_run(), {true, live, verbosity, 0});
      EXPECT_NE(text.find("\x1b[31m"), std::string::npos);
      for (const std::string& line : lines(text))
        EXPECT_TRUE(colours_closed(line)) << "live=" << live << " line: " << line;
    }
}

TEST(ConsoleReporter, QuietShowsOnlyWhatDidNotPass) {
  for (bool live : {false, true}) {
    const std::string text = play_with(sample_run(), {false, live, Verbosity::quiet, -1});
    EXPECT_EQ(text.find("PASS"), std::string::npos) << text;
    EXPECT_EQ(text.find("SKIP"), std::string::npos) << text;
    EXPECT_NE(text.find("  FAIL  503 twice, then the job"), std::string::npos) << text;
    EXPECT_NE(text.find("scenarios/sdrs/job_status.lua\n  FAIL"), std::string::npos)
        << "the file is named: " << text;
    EXPECT_TRUE(text.ends_with("1 passed, 1 failed, 2 errored, 1 skipped in 2.08 s\n")) << text;
  }
}

TEST(ConsoleReporter, VerboseGivesEveryCaseItsLineOnATerminalToo) {
  const std::string normal = play_with(sample_run(), {false, true, Verbosity::normal, -1});
  const std::string verbose = play_with(sample_run(), {false, true, Verbosity::verbose, -1});
  EXPECT_EQ(normal.find("PASS  job goes INIT"), std::string::npos) << normal;
  EXPECT_NE(verbose.find("  PASS  job goes INIT -> RUNNING -> SUCCESS (12 ms)"), std::string::npos)
      << verbose;
}

TEST(ConsoleReporter, DurationsListTheSlowestCasesFirst) {
  const std::string two = play_with(sample_run(), {false, false, Verbosity::normal, 2});
  EXPECT_NE(two.find("slowest 2 cases:\n  2.000 s  scenarios/sdrs/job_status.lua: times out\n"
                     "  0.040 s  scenarios/sdrs/job_status.lua: 503 twice, then the job\n\n"),
            std::string::npos)
      << two;
  const std::string all = play_with(sample_run(), {false, false, Verbosity::normal, 0});
  EXPECT_NE(all.find("every case, slowest first:"), std::string::npos) << all;
  EXPECT_EQ(all.find("job_status.lua: delete"), std::string::npos)
      << "skipped cases took no time worth listing: " << all;
  EXPECT_EQ(play_with(sample_run(), {}).find("slowest"), std::string::npos);
}

}  // namespace
