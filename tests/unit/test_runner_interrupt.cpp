// SIGINT/SIGTERM during a run (net::request_interrupt, as the signal watch does): the case in progress errs
// "interrupted by SIGTERM", whether it loops in Lua or waits on a slow server; the cases and files not
// started are skipped with that reason; with --jobs too.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "harness/net/interrupt.hpp"
#include "harness/runner/runner.hpp"

namespace fs = std::filesystem;
using namespace harness;
using namespace std::chrono_literals;
using report::Outcome;

namespace {

class RunnerInterrupt : public ::testing::Test {
 protected:
  RunnerInterrupt()
      : dir_(fs::temp_directory_path() / ("harness-interrupt-" + std::to_string(::getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    options_.fixtures = fs::path(HARNESS_SOURCE_DIR) / "fixtures";
    options_.limits.case_timeout = 30s;
  }
  ~RunnerInterrupt() override {
    net::clear_interrupt();
    fs::remove_all(dir_);
  }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  // Runs with a SIGTERM requested `after` the start; returns the result and how long the run took.
  report::RunResult run_interrupted(std::chrono::milliseconds after, double* seconds = nullptr) {
    std::thread signal([after] {
      std::this_thread::sleep_for(after);
      net::request_interrupt(SIGTERM);
    });
    const auto started = std::chrono::steady_clock::now();
    auto result = runner::run(options_, {});
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    signal.join();
    return result;
  }

  fs::path dir_;
  runner::RunOptions options_;
};

const char* kLoopThenMore = R"(
case("loops", function() while true do end end)
case("never starts", function() expect(1).equals(1) end)
)";

const char* kWaitsOnASlowServer = R"(
case("waits", function()
  fake.fault { path = "/slow", delay = 20 }
  http.get("/slow", { timeout = 30 })
end)
case("never starts", function() end)
)";

const char* kPasses = R"(case("would pass", function() expect(1).equals(1) end))";

}  // namespace

TEST_F(RunnerInterrupt, ALoopingCaseErrsAndTheRestIsSkipped) {
  options_.paths = {write("a.lua", kLoopThenMore), write("b.lua", kPasses)};
  double seconds = 0;
  const auto run = run_interrupted(300ms, &seconds);
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(run.interrupted, "interrupted by SIGTERM");
  ASSERT_EQ(run.suites.size(), 2u);
  const auto& a = run.suites[0].cases;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].outcome, Outcome::errored);
  EXPECT_EQ(a[0].type, "interrupted");
  EXPECT_NE(a[0].message.find("a.lua:2: interrupted by SIGTERM"), std::string::npos) << a[0].message;
  EXPECT_EQ(a[1].outcome, Outcome::skipped);
  EXPECT_EQ(a[1].message, "interrupted by SIGTERM before the case started");
  const auto& b = run.suites[1];
  EXPECT_EQ(b.file, (dir_ / "b.lua").string());
  ASSERT_EQ(b.cases.size(), 1u);
  EXPECT_EQ(b.cases[0].outcome, Outcome::skipped);
  EXPECT_EQ(b.cases[0].message, "interrupted by SIGTERM before the file started");
}

TEST_F(RunnerInterrupt, ACaseBlockedOnASlowServerStopsPromptly) {
  options_.paths = {write("slow.lua", kWaitsOnASlowServer)};
  double seconds = 0;
  const auto run = run_interrupted(300ms, &seconds);
  EXPECT_LT(seconds, 3.0) << "the request waited for its 20 s delay";
  ASSERT_EQ(run.suites.size(), 1u);
  const auto& cases = run.suites[0].cases;
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].outcome, Outcome::errored);
  EXPECT_EQ(cases[0].type, "interrupted");
  EXPECT_NE(cases[0].message.find("GET /slow: read: interrupted by SIGTERM"), std::string::npos)
      << cases[0].message;
  EXPECT_EQ(cases[1].outcome, Outcome::skipped);
}

TEST_F(RunnerInterrupt, WorkerThreadsStopTooAndEveryFileIsInTheReport) {
  std::vector<std::string> paths;
  for (int i = 0; i < 6; ++i) paths.push_back(write("f" + std::to_string(i) + ".lua", kLoopThenMore));
  options_.paths = paths;
  options_.jobs = 3;
  double seconds = 0;
  const auto run = run_interrupted(300ms, &seconds);
  EXPECT_LT(seconds, 5.0);
  ASSERT_EQ(run.suites.size(), 6u);
  int interrupted = 0, skipped_files = 0;
  for (const auto& suite : run.suites) {
    if (suite.cases.size() == 2 && suite.cases[0].type == "interrupted") ++interrupted;
    if (suite.cases.size() == 1 && suite.cases[0].outcome == Outcome::skipped) ++skipped_files;
  }
  EXPECT_EQ(interrupted, 3);  // one per worker, each in the middle of its first file
  EXPECT_EQ(skipped_files, 3);
}
