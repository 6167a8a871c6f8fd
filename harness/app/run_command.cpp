// `harness run`: scenario files against the embedded fake server, for CI. Exit codes as in commands.hpp, or
// 128 + the signal (130, 143) when SIGINT/SIGTERM stopped the run; the report is written either way, and for
// a configuration problem too (config_error_report.hpp).
#include <cstdio>
#include <iostream>

#include "harness/app/case_options.hpp"
#include "harness/app/commands.hpp"
#include "harness/app/config_error_report.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/report/console_reporter.hpp"
#include "harness/report/junit_reporter.hpp"
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
void prepare(RunSettings& run, runner::LastFailed state) {
  parse_shard(run.shard, run.options);
  apply_selection(run.cases, run.options);
  apply_rerun(run.cases, std::move(state), run.options);
  run.options.limits.case_timeout = std::chrono::milliseconds(static_cast<long long>(run.timeout * 1000));
}

// --list: what would run, one case a line, nothing run, no report written. Listing no case is exit 2.
int list_cases(RunSettings& run) {
  prepare(run, read_rerun_state(run.cases, run.junit));
  run.options.selection.list_only = true;
  auto result = runner::run(run.options, {});
  int problems = 0, listed_cases = 0;
  for (const auto& suite : result.suites)
    for (const auto& listed : suite.cases) {
      if (listed.type == "listed") {
        std::cout << suite.file << ": " << listed.name;
        if (!listed.message.empty()) std::cout << "  [" << listed.message << "]";
        std::cout << "\n";
        ++listed_cases;
      } else {  // the file did not load
        std::cout << suite.file << ": ERROR " << listed.message << "\n";
        ++problems;
      }
    }
  if (problems == 0 && listed_cases == 0) throw runner::ConfigError("no case matches the selection given");
  return problems == 0 ? kPassed : kFailed;
}

int run_cases(RunSettings& run) {
  auto state = read_rerun_state(run.cases, run.junit);
  const auto before = state;
  prepare(run, std::move(state));
  report::ConsoleReporter console(std::cout, console_options(run.cases));
  report::JunitReporter junit(run.junit, report::JunitOptions{run.gitlab, {}});
  run.options.coverage = run.outputs.wants_coverage();
  const auto html = run.outputs.html_reporter(filters_text(run.cases.keywords, run.cases.tags));
  std::vector<report::Reporter*> reporters{&console, &junit};
  if (html) reporters.push_back(html.get());
  // The HTML page shows every case's exchanges; without it, passing cases need not keep theirs to the end.
  run.options.passing_output = html ? script::PassingOutput::kept : script::PassingOutput::dropped;
  auto result = runner::run(run.options, reporters);
  write_rerun_state(run.junit, before, result);
  if (net::interrupted()) {
    std::cout << "report: " << run.junit << " (" << net::interrupt_reason() << ")\n";
    return net::interrupt_exit_code();
  }
  if (report::totals(result).tests == 0)  // the selection (-k, --tag, --lf) left nothing to run
    throw runner::ConfigError("no case matches the selection given (see --list)");
  std::cout << "report: " << run.junit << "\n";
  if (!run.outputs.html.empty()) std::cout << "html: " << run.outputs.html << "\n";
  const bool covered = run.outputs.finish_coverage(result.coverage, std::cout);
  auto totals = report::totals(result);
  return totals.failures + totals.errors == 0 && covered ? kPassed : kFailed;
}

int execute_run(RunSettings& run) {
  // First, before the run starts its threads: SIGINT/SIGTERM then stop the run and still give the report.
  net::SignalWatch signals;
  if (run.list) return list_cases(run);
  return with_config_error_report(run.junit, report::JunitOptions{run.gitlab, {}}, run.options.seed,
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
