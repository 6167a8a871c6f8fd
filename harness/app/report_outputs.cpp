#include "harness/app/report_outputs.hpp"

#include "harness/report/atomic_file.hpp"
#include "harness/report/coverage.hpp"

namespace harness::app {

std::string& typed_command_line() {
  static std::string line;
  return line;
}

std::unique_ptr<report::Reporter> ReportOutputs::html_reporter(std::string filters) const {
  if (html.empty()) return nullptr;
  return std::make_unique<report::HtmlReporter>(html,
                                                report::HtmlInfo{typed_command_line(), std::move(filters)});
}

bool ReportOutputs::finish_coverage(const report::Coverage& coverage, std::ostream& out) const {
  if (coverage_table) report::print_coverage(out, coverage);
  if (!coverage_json.empty()) {
    report::write_file_atomically(coverage_json, report::coverage_to_json(coverage).dump(2) + "\n");
    out << "coverage: " << coverage_json << "\n";
  }
  if (require.empty()) return true;
  const auto gaps = coverage.status_gaps();
  if (!coverage.collected) {
    out << "--require-coverage statuses: no coverage was collected\n";
    return false;
  }
  if (gaps.empty()) return true;
  out << "--require-coverage statuses: documented statuses never answered:\n";
  for (const auto& gap : gaps) out << "  " << gap << "\n";
  return false;
}

void add_html_option(CLI::App* command, ReportOutputs& outputs) {
  command->add_option("--html", outputs.html,
                      "Also write a self-contained HTML report (e.g. reports/index.html), atomically");
}

void add_coverage_options(CLI::App* command, ReportOutputs& outputs) {
  command->add_flag("--coverage", outputs.coverage_table,
                    "End the summary with the contract coverage table (statuses, faults, job states)");
  command->add_option("--coverage-json", outputs.coverage_json,
                      "Write the contract coverage as JSON (harness merge joins shards' files)");
  command
      ->add_option("--require-coverage", outputs.require,
                   "Exit 1 when a documented status of an endpoint was never answered, naming them")
      ->check(CLI::IsMember({"statuses"}));
}

std::string filters_text(const std::vector<std::string>& filters, const std::vector<std::string>& tags) {
  std::string text;
  for (const auto& filter : filters) text += (text.empty() ? "" : " ") + ("--filter " + filter);
  for (const auto& tag : tags) text += (text.empty() ? "" : " ") + ("--tag " + tag);
  return text;
}

}  // namespace harness::app
