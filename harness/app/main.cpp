// The command line: `harness run`. Exit codes: 0 all passed, 1 a case failed or errored, 2 usage or
// configuration.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "harness/report/console_reporter.hpp"
#include "harness/report/junit_reporter.hpp"
#include "harness/runner/runner.hpp"

namespace {

constexpr int kPassed = 0, kFailed = 1, kConfig = 2;

struct RunCommand {
  harness::runner::RunOptions options;
  std::string junit = "reports/junit.xml";
  bool gitlab = false;
  std::string color = "auto";
  double timeout = 60;
};

void add_run_command(CLI::App& app, RunCommand& run) {
  auto* command = app.add_subcommand("run", "Run scenario files against the embedded fake server");
  command->add_option("paths", run.options.paths, "Scenario files, or folders to search for *.lua")
      ->capture_default_str();
  command->add_option("--junit", run.junit, "Where to write the JUnit XML report")->capture_default_str();
  command->add_option("--fixtures", run.options.fixtures, "The fixtures folder")->capture_default_str();
  command->add_option("--seed", run.options.seed, "Seed for generated ids (the same seed, the same run)")
      ->capture_default_str();
  command->add_option("--timeout", run.timeout, "Wall-clock limit per case, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_flag("--gitlab-file", run.gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  command->add_option("--color", run.color, "Colour the console: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

int execute_run(RunCommand& run) {
  using namespace harness;
  run.options.limits.case_timeout = std::chrono::milliseconds(static_cast<long long>(run.timeout * 1000));
  const bool color = run.color == "always" || (run.color == "auto" && ::isatty(STDOUT_FILENO));
  report::ConsoleReporter console(std::cout, color);
  report::JunitReporter junit(run.junit, report::JunitOptions{run.gitlab, {}});
  auto result = runner::run(run.options, {&console, &junit});
  std::cout << "report: " << run.junit << "\n";
  auto totals = report::totals(result);
  return totals.failures + totals.errors == 0 ? kPassed : kFailed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "harness: contract tests for cloud job APIs (SDRS, KPS, VBS) against a scriptable fake server"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HARNESS_VERSION);
  RunCommand run;
  add_run_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kPassed : kConfig;
  }
  try {
    if (app.got_subcommand("run")) return execute_run(run);
  } catch (const harness::runner::ConfigError& e) {
    std::cerr << "harness: " << e.what() << "\n";
    return kConfig;
  } catch (const std::exception& e) {
    std::cerr << "harness: " << e.what() << "\n";
    return kConfig;
  }
  return kConfig;
}
