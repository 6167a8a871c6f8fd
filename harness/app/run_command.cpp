// `harness run`: scenario files against the embedded fake server, for CI. Exit codes as in commands.hpp, or
// 128 + the signal (130, 143) when SIGINT/SIGTERM stopped the run; the report is written either way, and for
// a configuration problem too (config_error_report.hpp).
#include <cstdio>
#include <iostream>
#include <string>

#include "harness/app/case_options.hpp"
#include "harness/app/case_run.hpp"
#include "harness/app/commands.hpp"
#include "harness/app/config_error_report.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {
namespace {

struct RunSettings {
  runner::RunOptions options;
  CaseOptions cases;
  bool list = false;
  std::string junit = "reports/junit.xml";
  bool gitlab = false;
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

// The options that turn into RunOptions, for --list and for a run alike.
void prepare(RunSettings& run, CaseRun& cases) {
  parse_shard(run.shard, run.options);
  cases.select(run.options);
  run.options.limits.case_timeout = std::chrono::milliseconds(static_cast<long long>(run.timeout * 1000));
}

// --list: what would run, one case a line, nothing run, no report written. Listing no case is exit 2.
int list_cases(RunSettings& run) {
  CaseRun cases(run.cases, run.outputs, run.junit, run.gitlab);
  prepare(run, cases);
  run.options.selection.list_only = true;
  auto result = runner::run(run.options, {});
  int problems = 0, listed_cases = 0;
  // One write for the whole list: std::cout, synced with stdio, costs a call into stdio per piece (a fifth of
  // listing 100,000 cases; bench/README.md).
  std::string lines;
  for (const auto& suite : result.suites)
    for (const auto& listed : suite.cases) {
      lines.append(suite.file).append(": ");
      if (listed.type == "listed") {
        lines.append(listed.name);
        if (!listed.message.empty()) lines.append("  [").append(listed.message).append("]");
        ++listed_cases;
      } else {  // the file did not load
        lines.append("ERROR ").append(listed.message);
        ++problems;
      }
      lines += '\n';
    }
  std::cout.write(lines.data(), static_cast<std::streamsize>(lines.size()));
  if (problems == 0 && listed_cases == 0) throw runner::ConfigError("no case matches the selection given");
  return problems == 0 ? kPassed : kFailed;
}

int run_cases(RunSettings& run) {
  CaseRun cases(run.cases, run.outputs, run.junit, run.gitlab);
  prepare(run, cases);
  run.options.coverage = run.outputs.wants_coverage();
  // The HTML page shows every case's exchanges; without it, passing cases need not keep theirs to the end.
  run.options.passing_output =
      run.outputs.html.empty() ? script::PassingOutput::dropped : script::PassingOutput::kept;
  return cases.finish(runner::run(run.options, cases.reporters()));
}

int execute_run(RunSettings& run) {
  // First, before the run starts its threads: SIGINT/SIGTERM then stop the run and still give the report.
  net::SignalWatch signals;
  if (run.list) return list_cases(run);
  return with_config_error_report({run.junit, run.gitlab, run.outputs.html}, run.options.seed,
                                  [&] { return run_cases(run); });
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto run = std::make_shared<RunSettings>();
  auto* command = app.add_subcommand("run", "Run scenario files against the embedded fake server");
  command
      ->add_option("paths", run->options.paths,
                   "Scenario files, or folders to search for *.lua (not *.d.lua, not *.world.lua)")
      ->capture_default_str();
  command->add_option("--junit", run->junit, "Where to write the JUnit XML report")->capture_default_str();
  command->add_option("--fixtures", run->options.fixtures, "The fixtures folder")->capture_default_str();
  command->add_option("--seed", run->options.seed, "Seed for generated ids and fault probabilities")
      ->capture_default_str();
  command->add_option("--timeout", run->timeout, "Wall-clock limit per case, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_selection_options(*command, run->cases);
  add_rerun_options(*command, run->cases);
  command->add_flag("--list", run->list, "Print the cases that would run; run none");
  command->add_option("--jobs,-j", run->options.jobs, "Scenario files run at once (each with its own fake)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command->add_option("--shard", run->shard, "Run shard I of N (files split stably by sorted path), e.g. 2/4")
      ->capture_default_str();
  command->add_flag("--gitlab-file", run->gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  add_console_options(*command, run->cases);
  add_html_option(command, run->outputs);
  add_coverage_options(command, run->outputs);
  return {command, [run] { return execute_run(*run); }};
}

}  // namespace harness::app
