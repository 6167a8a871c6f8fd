// The --lf state: what a run leaves beside its report, and how the next run updates it.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include <fstream>

#include "harness/runner/last_failed.hpp"
#include "harness/runner/runner.hpp"

using namespace harness;
using runner::LastFailed;

namespace {

report::CaseResult result(std::string name, report::Outcome outcome) {
  report::CaseResult c;
  c.name = std::move(name);
  c.outcome = outcome;
  return c;
}

report::RunResult one_suite(std::string file, std::vector<report::CaseResult> cases) {
  report::SuiteResult suite;
  suite.file = std::move(file);
  suite.cases = std::move(cases);
  report::RunResult run;
  run.suites.push_back(std::move(suite));
  return run;
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path =
      std::filesystem::temp_directory_path() / ("harness-lf-" + std::to_string(::getpid()) + name);
  std::ofstream(path) << content;
  return path;
}

}  // namespace

TEST(LastFailed, LivesBesideTheReport) {
  EXPECT_EQ(runner::last_failed_path("reports/junit.xml"), "reports/junit.last-failed.json");
  EXPECT_EQ(runner::last_failed_path("out/shard-2.xml"), "out/shard-2.last-failed.json");
}

TEST(LastFailed, KeepsFailuresAndErrorsAndWholeFiles) {
  using report::Outcome;
  auto run = one_suite("s/a.lua", {result("ok", Outcome::passed), result("bad", Outcome::failed),
                                   result("broke", Outcome::errored), result("later", Outcome::skipped)});
  auto broken = one_suite("s/b.lua", {result("(load s/b.lua)", Outcome::errored)});
  run.suites.push_back(broken.suites[0]);
  const LastFailed state = runner::update_last_failed({}, run);
  EXPECT_TRUE(state.holds("s/a.lua", "bad"));
  EXPECT_TRUE(state.holds("s/a.lua", "broke"));
  EXPECT_FALSE(state.holds("s/a.lua", "ok"));
  EXPECT_FALSE(state.holds("s/a.lua", "later"));
  EXPECT_TRUE(state.holds("s/b.lua", "any case of the file"));
  EXPECT_EQ(state.size(), 3u);
}

TEST(LastFailed, ARunForgetsOnlyWhatItRan) {
  using report::Outcome;
  LastFailed before;
  before.cases["s/a.lua"] = {"bad", "other"};
  before.files = {"s/b.lua"};
  // This run (say -k bad) ran "bad" only, and it passed; s/b.lua did not run.
  const LastFailed after =
      runner::update_last_failed(before, one_suite("s/a.lua", {result("bad", Outcome::passed)}));
  EXPECT_FALSE(after.holds("s/a.lua", "bad"));
  EXPECT_TRUE(after.holds("s/a.lua", "other"));
  EXPECT_TRUE(after.touches("s/b.lua"));
  // Now s/b.lua loads and runs.
  const LastFailed fixed =
      runner::update_last_failed(after, one_suite("s/b.lua", {result("x", Outcome::passed)}));
  EXPECT_FALSE(fixed.touches("s/b.lua"));
}

TEST(LastFailed, RoundTripsThroughItsFile) {
  LastFailed state;
  state.cases["s/a.lua"] = {"a \"quoted\" title"};
  state.files = {"s/b.lua"};
  const auto path = temp_file("round.json", runner::last_failed_json(state));
  const LastFailed read = runner::read_last_failed(path);
  EXPECT_EQ(read.cases, state.cases);
  EXPECT_EQ(read.files, state.files);
  std::filesystem::remove(path);
  EXPECT_TRUE(runner::read_last_failed(path).empty()) << "a missing state is no failure recorded";
}

TEST(LastFailed, AMalformedStateIsAConfigErrorNamingTheFile) {
  for (const char* text :
       {"not json", "[]", "{\"version\": 2}", "{\"version\": 1, \"failed_files\": [3]}",
        "{\"version\": 1, \"failed_cases\": {\"a.lua\": \"x\"}}", "{\"version\": 1, \"failed_files\": {}}"}) {
    const auto path = temp_file("bad.json", text);
    try {
      runner::read_last_failed(path);
      ADD_FAILURE() << text << " was read";
    } catch (const runner::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
  }
}
