#include "harness/report/suite_output.hpp"

#include "harness/report/text.hpp"

namespace harness::report {

std::string UniqueNames::next(std::string_view name) {
  std::string base = sanitize_token(name);
  if (base.empty()) base = "(unnamed)";
  std::string candidate = base;
  // Later duplicates get " (2)", " (3)", ...; skip any suffix that is itself a name already taken.
  for (int n = 2; used_.contains(candidate); ++n) candidate = base + " (" + std::to_string(n) + ")";
  used_.insert(candidate);
  return candidate;
}

void SuiteOutput::add(std::string_view case_name, std::string_view output) {
  const std::string name = names_.next(case_name);
  if (output.empty()) return;
  // Each piece ends with a newline, so sanitizing piece by piece gives what sanitizing the whole gives.
  text_.append("--- case: " + name + " ---\n");
  text_.append(sanitize_text(output));
  if (output.back() != '\n') text_.append("\n");
}

}  // namespace harness::report
