#include "harness/report/results.hpp"

#include <string_view>

namespace harness::report {
namespace {

// The meaningful components of a scenario path: '\\' as '/', no empty or "." components, no ".lua" at the
// end.
std::vector<std::string_view> components(std::string_view file) {
  constexpr std::string_view kSuffix = ".lua";
  if (file.size() > kSuffix.size() && file.ends_with(kSuffix)) file.remove_suffix(kSuffix.size());
  std::vector<std::string_view> parts;
  while (!file.empty()) {
    const std::size_t end = file.find_first_of("/\\");
    const std::string_view part = file.substr(0, end);
    if (!part.empty() && part != ".") parts.push_back(part);
    if (end == std::string_view::npos) break;
    file.remove_prefix(end + 1);
  }
  return parts;
}

void add(Totals& sum, const Totals& more) {
  sum.tests += more.tests;
  sum.failures += more.failures;
  sum.errors += more.errors;
  sum.skipped += more.skipped;
}

}  // namespace

bool load_failed(const SuiteResult& suite) {
  return suite.cases.empty() && !suite.error_output.empty();
}

Totals totals(const SuiteResult& suite) {
  Totals sum;
  if (load_failed(suite)) {
    sum.tests = 1;
    sum.errors = 1;
    return sum;
  }
  for (const CaseResult& c : suite.cases) sum.add(c.outcome);
  return sum;
}

Totals totals(const RunResult& run) {
  Totals sum;
  for (const SuiteResult& suite : run.suites) add(sum, totals(suite));
  return sum;
}

std::string dotted_name(const std::string& file) {
  std::string out;
  for (const std::string_view part : components(file)) {
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

std::string package_name(const std::string& file) {
  const std::vector<std::string_view> parts = components(file);
  // A bare "x.lua" has no folder: it still belongs to the scenarios.
  if (parts.size() < 2) return "scenarios";
  return std::string(parts.front());
}

}  // namespace harness::report
