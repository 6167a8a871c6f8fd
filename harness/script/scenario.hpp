#pragma once
// Runs one scenario file in its own sandboxed Lua state. The only header of harness/script/ that others
// include; no Lua type crosses it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/report/reporter.hpp"
#include "harness/report/results.hpp"

namespace harness::fake {
class SharedWorld;
}
namespace harness::client {
class HttpClient;
}
namespace harness::contract {
class FixtureStore;
}

namespace harness::script {

struct ScriptLimits {
  std::uint64_t max_instructions = 500'000'000;    // per case and for the file's top level
  std::chrono::milliseconds case_timeout{60'000};  // wall clock, checked by the same hook
  std::size_t max_memory = 256u << 20;             // bytes for the whole Lua state
};

inline constexpr const char* kDefaultProjectId = "0605767d5d00d5762fd3c00d0b24be3d";

// Which cases run, in which order, and when to stop; the runner fills it (-k, --tag, --lf, --ff, -x).
struct CaseSelection {
  // Whether a case runs; unset: every case.
  std::function<bool(const std::string& file, const std::string& title,
                     const std::vector<std::string>& case_tags)>
      accepts;
  // The cases this holds for run before the others of their file, each group in file order (--ff).
  std::function<bool(const std::string& file, const std::string& title)> first;
  // Not empty: the run stops (-x, --maxfail) and the cases not started are skipped with this reason.
  std::function<std::string()> halted;
  bool list_only = false;  // report the selected cases as skipped "listed", run none of them
  bool selects(const std::string& file, const std::string& title,
               const std::vector<std::string>& case_tags) const;
};

// What becomes of the output of a case that did not fail or err, once the listener saw it. Either way it is
// in the suite's <system-out> (SuiteResult::system_out, bounded). kept: also in its CaseResult (the HTML
// report shows it); dropped: a long run holds only the failures' outputs, not every passing case's
// transcripts.
enum class PassingOutput { kept, dropped };

struct ScenarioEnv {
  fake::SharedWorld* world;  // nullptr: no fake (a real endpoint); cases that use fake.* are skipped
  client::HttpClient& client;
  const contract::FixtureStore& fixtures;
  std::string project_id = kDefaultProjectId;  // the global `project_id` of scenarios
  ScriptLimits limits = {};
  CaseSelection selection = {};
  // Called after each case ran, before the world goes back to its baseline: the runner reads the case's
  // journal there (contract coverage). Empty: nothing is called.
  std::function<void()> case_ran = {};
  PassingOutput passing_output = PassingOutput::kept;
};

// Never throws for problems of the script: they become errored cases of the returned suite.
report::SuiteResult run_scenario(const std::string& file, ScenarioEnv& env,
                                 report::Reporter* listener = nullptr);

}  // namespace harness::script
