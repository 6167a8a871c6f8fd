#pragma once
// The result model: what a run produced, independent of any output format.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/report/coverage.hpp"
#include "harness/report/suite_output.hpp"

namespace harness::report {

enum class Outcome { passed, failed, errored, skipped };

struct CaseResult {
  std::string name;  // the case's title, unique within its suite
  Outcome outcome = Outcome::passed;
  std::string type;     // failed/errored: "expectation", "schema", "script", "timeout", "transport"
  std::string message;  // one line, begins "scenarios/x.lua:LINE: " where a line is known
  std::string detail;   // the full text: message, expected/actual, JSON pointer, HTTP exchange
  std::string output;   // what the case printed and the HTTP exchanges it made
  double seconds = 0;
};

struct SuiteResult {
  std::string file;       // "scenarios/sdrs/job_status.lua" as given on the command line
  std::string timestamp;  // start, "YYYY-MM-DDTHH:MM:SS" in UTC, no zone
  double seconds = 0;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<CaseResult> cases;
  std::string error_output;  // problems outside any case (system-err)
  // Set when the cases' outputs were added as they ended (run_scenario): <system-out> is this, and cases
  // that passed may have dropped their own output. Unset: the report builds it from the cases' outputs.
  std::optional<SuiteOutput> system_out;
};

struct Totals {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  int passed() const { return tests - failures - errors - skipped; }
  void add(Outcome outcome) {
    ++tests;
    failures += outcome == Outcome::failed;
    errors += outcome == Outcome::errored;
    skipped += outcome == Outcome::skipped;
  }
};

struct RunResult {
  std::vector<SuiteResult> suites;
  double seconds = 0;
  std::uint64_t seed = 0;
  // Set when SIGINT/SIGTERM stopped the run ("interrupted by SIGTERM": the case in progress erred with it) or
  // -x/--maxfail did ("stopped after 1 failed or errored case (-x/--maxfail)"); the cases and files not
  // started are skipped with it.
  std::string interrupted;
  // Contract coverage, when the run collected it (RunOptions::coverage; never against a real target).
  Coverage coverage;
};

// A suite that ran no case but reported something outside any case: its file did not load (syntax error,
// error at the top level, missing file). It counts as one errored test in totals(), the JUnit report and the
// console summary, so that CI does not turn green on a scenario file that never ran.
bool load_failed(const SuiteResult& suite);

Totals totals(const SuiteResult& suite);
Totals totals(const RunResult& run);

// "scenarios/sdrs/job_status.lua" -> "scenarios.sdrs.job_status" (testcase@classname, testsuite@name).
// Drops a trailing ".lua", leading "./" and "/", empty and "." path components; '\\' counts as '/'.
std::string dotted_name(const std::string& file);

// The first path component of `file` ("scenarios" for "scenarios/sdrs/x.lua"), or "scenarios" when it has
// none.
std::string package_name(const std::string& file);

}  // namespace harness::report
