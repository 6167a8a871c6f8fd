// `harness run`: scenario files against the embedded fake server, for CI. Exit codes as in commands.hpp, or
// 128 + the signal (130, 143) when SIGINT/SIGTERM stopped the run; the report is written either way.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "harness/app/commands.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/report/console_reporter.hpp"
#include "harness/report/junit_reporter.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {
namespace {

struct RunSettings {
  runner::RunOptions options;
  std::string junit = "reports/junit.xml";
  bool gitlab = false;
  std::string color = "auto";
  double timeout = 60;
  std::string shard = "1/1";
  ReportOutputs outputs;  // --html, --coverage, --coverage-json, --require-coverage
};

// "2/4" -> index 2 of 4.
void parse_shard(const std::string& text, runner::RunOptions& options) {
  int index = 0, count = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &index, &slash, &count, &extra) != 3 || slash != '/')
    throw runner::ConfigError("--shard " + text + ": expected I/N, e.g. --shard 2/4");
  options.shard_index = index;
  options.shard_count = count;
}

// --list: what would run, one case a line, nothing run.
int list_cases(const RunSettings& run) {
  auto result = runner::run(run.options, {});
  int problems = 0;
  for (const auto& suite : result.suites)
    for (const auto& listed : suite.cases) {
      if (listed.type == "listed") {
        std::cout << suite.file << ": " << listed.name;
        if (!listed.message.empty()) std::cout << "  [" << listed.message << "]";
        std::cout << "\n";
      } else {  // the file did not load
        std::cout << suite.file << ": ERROR " << listed.message << "\n";
        ++problems;
      }
    }
  return problems == 0 ? kPassed : kFailed;
}

int execute_run(RunSettings& run) {
  // First, before the run starts its threads: SIGINT/SIGTERM then stop the run and still give the report.
  net::SignalWatch signals;
  parse_shard(run.shard, run.options);
  if (run.options.selection.list_only) return list_cases(run);
  run.options.limits.case_timeout = std::chrono::milliseconds(static_cast<long long>(run.timeout * 1000));
  const bool terminal = ::isatty(STDOUT_FILENO);
  const bool color = run.color == "always" || (run.color == "auto" && terminal);
  report::ConsoleReporter console(std::cout, color, terminal);
  report::JunitReporter junit(run.junit, report::JunitOptions{run.gitlab, {}});
  run.options.coverage = run.outputs.wants_coverage();
  const auto html =
      run.outputs.html_reporter(filters_text(run.options.selection.filters, run.options.selection.tags));
  std::vector<report::Reporter*> reporters{&console, &junit};
  if (html) reporters.push_back(html.get());
  auto result = runner::run(run.options, reporters);
  if (net::interrupted()) {
    std::cout << "report: " << run.junit << " (" << net::interrupt_reason() << ")\n";
    return net::interrupt_exit_code();
  }
  const auto& selection = run.options.selection;
  if (report::totals(result).tests == 0 && (!selection.filters.empty() || !selection.tags.empty()))
    throw runner::ConfigError("no case matches the --filter/--tag given (see --list)");
  std::cout << "report: " << run.junit << "\n";
  if (!run.outputs.html.empty()) std::cout << "html: " << run.outputs.html << "\n";
  const bool covered = run.outputs.finish_coverage(result.coverage, std::cout);
  auto totals = report::totals(result);
  return totals.failures + totals.errors == 0 && covered ? kPassed : kFailed;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto run = std::make_shared<RunSettings>();
  auto* command = app.add_subcommand("run", "Run scenario files against the embedded fake server");
  command->add_option("paths", run->options.paths, "Scenario files, or folders to search for *.lua")
      ->capture_default_str();
  command->add_option("--junit", run->junit, "Where to write the JUnit XML report")->capture_default_str();
  command->add_option("--fixtures", run->options.fixtures, "The fixtures folder")->capture_default_str();
  command->add_option("--seed", run->options.seed, "Seed for generated ids and fault probabilities")
      ->capture_default_str();
  command->add_option("--timeout", run->timeout, "Wall-clock limit per case, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option(
      "--filter,-k", run->options.selection.filters,
      "Only cases whose title or file path contains TEXT (ignoring case); repeat for any of several");
  command->add_option(
      "--tag", run->options.selection.tags,
      "Only cases tagged T: case(title, { tags = { \"T\" } }, fn); repeat for any of several");
  command->add_flag("--list", run->options.selection.list_only, "Print the cases that would run; run none");
  command->add_option("--jobs,-j", run->options.jobs, "Scenario files run at once (each with its own fake)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command->add_option("--shard", run->shard, "Run shard I of N (files split stably by sorted path), e.g. 2/4")
      ->capture_default_str();
  command->add_flag("--gitlab-file", run->gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  command->add_option("--color", run->color, "Colour the console: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  add_html_option(command, run->outputs);
  add_coverage_options(command, run->outputs);
  return {command, [run] { return execute_run(*run); }};
}

}  // namespace harness::app
