#pragma once
// What run, verify and serve -- COMMAND share around a run of cases: the --lf/--ff state read before the run
// and left after it beside the JUnit report, the reporters (console, JUnit, HTML), and the end: where the
// reports went, the coverage (--coverage, --coverage-json, --require-coverage) and the exit code.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/app/case_options.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/report/console_reporter.hpp"
#include "harness/report/junit_reporter.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {

class CaseRun {
 public:
  // `cases` and `outputs` must outlive this.
  CaseRun(const CaseOptions& cases, const ReportOutputs& outputs, std::string junit, bool gitlab);

  // -k, --tag, -x, --maxfail into `options`, and --lf/--ff with the state beside the report (a bad -k or a
  // broken state with --lf throws runner::ConfigError).
  void select(runner::RunOptions& options);

  // The console (a live progress line only when `live` and on a terminal), the JUnit report and, with
  // --html, the HTML one; valid as long as this is.
  std::vector<report::Reporter*> reporters(bool live = true);

  // After the run: leaves the --lf state, says where the reports went and gives the exit code (0, 1, or
  // 130/143 when a signal stopped the run). A run in which no case was chosen throws runner::ConfigError.
  int finish(const report::RunResult& result);

 private:
  const CaseOptions& cases_;
  const ReportOutputs& outputs_;
  std::string junit_path_;
  bool gitlab_;
  runner::LastFailed before_;
  std::optional<report::ConsoleReporter> console_;
  std::optional<report::JunitReporter> junit_;
  std::unique_ptr<report::Reporter> html_;
};

}  // namespace harness::app
