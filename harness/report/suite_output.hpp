#pragma once
// A suite's <system-out>, built while its cases end: each case's header and output go in as the case ends, so
// the cases need not keep their output until the report is written (the runner drops the passing ones').
#include <set>
#include <string>
#include <string_view>

#include "harness/report/bounded_text.hpp"

namespace harness::report {

// The test case names of a suite as the report shows them: sanitized, whitespace collapsed, made unique by
// suffixing later duplicates " (2)", " (3)", ...; an empty name becomes "(unnamed)". Each name depends only
// on the ones before it, so they can be given one at a time.
class UniqueNames {
 public:
  std::string next(std::string_view name);

 private:
  std::set<std::string> used_;
};

class SuiteOutput {
 public:
  // The next case of the suite (every case, in order, so the names come out as the report's): its output,
  // when not empty, under "--- case: NAME ---".
  void add(std::string_view case_name, std::string_view output);
  // <system-out>'s text: sanitized (text.hpp) and within kMaxTextBytes, as the writer would make it from all
  // the outputs at once.
  std::string text() const { return text_.text(); }

 private:
  UniqueNames names_;
  BoundedTextBuilder text_;
};

}  // namespace harness::report
