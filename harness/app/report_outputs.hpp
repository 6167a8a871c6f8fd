#pragma once
// The outputs every command that reports shares: --html FILE, and for runs against the fake the contract
// coverage options (--coverage, --coverage-json FILE, --require-coverage statuses).
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/html_report.hpp"
#include "harness/report/results.hpp"

namespace harness::app {

// The command line as typed (set once by main), shown in the HTML report's summary.
std::string& typed_command_line();

struct ReportOutputs {
  std::string html;  // "": no HTML report
  bool coverage_table = false;
  std::string coverage_json;                 // "": none
  std::string require;                       // "statuses": exit 1 when a documented status was never answered
  std::vector<std::string> coverage_inputs;  // merge: shards' --coverage-json files

  bool wants_coverage() const {
    return !html.empty() || coverage_table || !coverage_json.empty() || !require.empty();
  }
  // The HTML reporter to add to the run's reporters, or nullptr without --html.
  std::unique_ptr<report::Reporter> html_reporter(std::string filters) const;
  // After the run: the coverage table (--coverage), the JSON (--coverage-json) and the gate
  // (--require-coverage). Returns false when the gate failed (it names the gaps on `out`).
  bool finish_coverage(const report::Coverage& coverage, std::ostream& out) const;
};

void add_html_option(CLI::App* command, ReportOutputs& outputs);
void add_coverage_options(CLI::App* command, ReportOutputs& outputs);

// "--filter a --tag b" for the summary.
std::string filters_text(const std::vector<std::string>& filters, const std::vector<std::string>& tags);

}  // namespace harness::app
