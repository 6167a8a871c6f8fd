#include "harness/app/case_run.hpp"

#include <iostream>

#include "harness/app/commands.hpp"
#include "harness/net/interrupt.hpp"

namespace harness::app {

CaseRun::CaseRun(const CaseOptions& cases, const ReportOutputs& outputs, std::string junit, bool gitlab)
    : cases_(cases), outputs_(outputs), junit_path_(std::move(junit)), gitlab_(gitlab) {}

void CaseRun::select(runner::RunOptions& options) {
  auto state = read_rerun_state(cases_, junit_path_);
  before_ = state;
  apply_selection(cases_, options);
  apply_rerun(cases_, std::move(state), options);
}

std::vector<report::Reporter*> CaseRun::reporters(bool live) {
  auto console = console_options(cases_);
  console.live = console.live && live;
  console_.emplace(std::cout, console);
  junit_.emplace(junit_path_, report::JunitOptions{gitlab_, {}});
  html_ = outputs_.html_reporter(filters_text(cases_.keywords, cases_.tags));
  std::vector<report::Reporter*> all{&*console_, &*junit_};
  if (html_) all.push_back(html_.get());
  return all;
}

int CaseRun::finish(const report::RunResult& result) {
  write_rerun_state(junit_path_, before_, result);
  if (net::interrupted()) {
    std::cout << "report: " << junit_path_ << " (" << net::interrupt_reason() << ")\n";
    return net::interrupt_exit_code();
  }
  const auto totals = report::totals(result);
  if (totals.tests == 0)  // the selection (-k, --tag, --lf) left nothing to run
    throw runner::ConfigError("no case matches the selection given");
  std::cout << "report: " << junit_path_ << "\n";
  if (!outputs_.html.empty()) std::cout << "html: " << outputs_.html << "\n";
  const bool covered = outputs_.finish_coverage(result.coverage, std::cout);
  return totals.failures + totals.errors == 0 && covered ? kPassed : kFailed;
}

}  // namespace harness::app
