#pragma once
// The options that choose, order and show cases, shared by run, verify and serve -- COMMAND and declared here
// once, so every command says them with the same words (the README quotes them; a test compares).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/console_reporter.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {

struct CaseOptions {
  std::vector<std::string> keywords;  // -k
  std::vector<std::string> tags;      // --tag
  bool exitfirst = false;
  int maxfail = 0;
  bool last_failed = false, failed_first = false;
  int durations = -1;
  bool quiet = false, verbose = false;
  std::string color = "auto";
};

// -k, --tag, -x, --maxfail.
void add_selection_options(CLI::App& command, CaseOptions& options);
// --lf, --ff, --durations.
void add_rerun_options(CLI::App& command, CaseOptions& options);
// -q, -v, --color.
void add_console_options(CLI::App& command, CaseOptions& options);

// The case filter (a bad -k or --tag expression throws ConfigError) and the failure limit.
void apply_selection(const CaseOptions& options, runner::RunOptions& run);

// --lf/--ff: the state beside `report` (read_last_failed). A missing state is said on stdout; a broken one is
// a ConfigError with --lf/--ff, and without them only a warning (the run replaces it).
runner::LastFailed read_rerun_state(const CaseOptions& options, const std::filesystem::path& report);
void apply_rerun(const CaseOptions& options, runner::LastFailed state, runner::RunOptions& run);

// Leaves the state the next --lf reads beside `report`.
void write_rerun_state(const std::filesystem::path& report, const runner::LastFailed& before,
                       const report::RunResult& result);

// Colour when asked, or (auto) on a terminal unless NO_COLOR is set or TERM is "dumb"; a live progress line
// only on a terminal that is not "dumb".
report::ConsoleOptions console_options(const CaseOptions& options);

}  // namespace harness::app
