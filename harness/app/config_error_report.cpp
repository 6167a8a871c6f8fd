#include "harness/app/config_error_report.hpp"

#include <iostream>
#include <stdexcept>

#include "harness/app/commands.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {

int with_config_error_report(const ReportTargets& targets, std::uint64_t seed,
                             const std::function<int()>& body) {
  try {
    return body();
  } catch (const runner::ConfigError& e) {
    report::CaseResult problem;
    problem.name = "(configuration)";
    problem.outcome = report::Outcome::errored;
    problem.type = "configuration";
    problem.message = std::string("harness: ") + e.what();
    problem.detail = problem.message + "\n(exit code 2: a usage or configuration problem; no case ran)";
    report::SuiteResult suite;
    suite.file = "harness";
    suite.cases.push_back(std::move(problem));
    report::RunResult run;
    run.seed = seed;
    run.suites.push_back(std::move(suite));
    try {
      report::write_junit(run, targets.junit, report::JunitOptions{targets.gitlab, {}});
      if (!targets.html.empty())
        report::HtmlReporter(targets.html, report::HtmlInfo{typed_command_line(), ""}).run_ended(run);
    } catch (const std::exception& write_error) {
      throw std::runtime_error(std::string(e.what()) + "; and the report: " + write_error.what());
    }
    std::cerr << "harness: " << e.what() << "\n";
    std::cout << "report: " << targets.junit.string() << " (one errored case: the configuration)\n";
    if (!targets.html.empty()) std::cout << "html: " << targets.html << "\n";
    return kConfig;
  }
}

}  // namespace harness::app
