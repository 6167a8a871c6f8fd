#include "harness/app/case_options.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "harness/report/atomic_file.hpp"
#include "harness/runner/select_expression.hpp"

namespace harness::app {
namespace {

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term != nullptr && std::string_view(term) == "dumb";
}

}  // namespace

void add_selection_options(CLI::App& command, CaseOptions& options) {
  command
      .add_option(
          "-k,--filter", options.keywords,
          "Only cases whose title or file path fits EXPR: words, and, or, not, ( ); repeat for any of "
          "several")
      ->type_name("EXPR")
      ->allow_extra_args(false);  // one EXPR each time: `-k x scenarios/kps` keeps the path a path
  command
      .add_option("--tag", options.tags,
                  "Only cases whose tags fit EXPR, as slow, 'not slow', 'kps and not slow'; repeat for any "
                  "of several")
      ->type_name("EXPR")
      ->allow_extra_args(false);
  auto* exitfirst =
      command.add_flag("-x,--exitfirst", options.exitfirst, "Stop at the first failed or errored case");
  command
      .add_option("--maxfail", options.maxfail,
                  "Stop after N failed or errored cases; what did not run is reported skipped")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->excludes(exitfirst);
}

void add_rerun_options(CLI::App& command, CaseOptions& options) {
  auto* last = command.add_flag("--lf,--last-failed", options.last_failed,
                                "Run only the cases that failed or errored last time (all if none did)");
  command
      .add_flag("--ff,--failed-first", options.failed_first,
                "Run the cases that failed or errored last time first, then the others")
      ->excludes(last);
  command.add_option("--durations", options.durations, "List the N slowest cases at the end (0: all)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
}

void add_console_options(CLI::App& command, CaseOptions& options) {
  auto* quiet =
      command.add_flag("-q,--quiet", options.quiet, "Show only the cases that did not pass, and the totals");
  command.add_flag("-v,--verbose", options.verbose, "Show a line for every case, on a terminal too")
      ->excludes(quiet);
  command
      .add_option("--color", options.color,
                  "Colour the console: auto (a terminal, unless NO_COLOR is set or TERM=dumb), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

void apply_selection(const CaseOptions& options, runner::RunOptions& run) {
  run.selection.accepts = runner::case_filter(options.keywords, options.tags);
  run.max_failures = options.exitfirst ? 1 : options.maxfail;
}

runner::LastFailed read_rerun_state(const CaseOptions& options, const std::filesystem::path& report) {
  const auto path = runner::last_failed_path(report);
  const bool asked = options.last_failed || options.failed_first;
  try {
    auto state = runner::read_last_failed(path);
    if (asked && state.empty())
      std::cout << (options.last_failed ? "--lf" : "--ff") << ": no failures recorded in " << path.string()
                << "; every case runs\n";
    return state;
  } catch (const runner::ConfigError& e) {
    if (asked) throw;
    std::cerr << "harness: warning: " << e.what() << "; this run replaces it\n";
    return {};
  }
}

void apply_rerun(const CaseOptions& options, runner::LastFailed state, runner::RunOptions& run) {
  run.rerun = options.last_failed    ? runner::RunOptions::Rerun::failed_only
              : options.failed_first ? runner::RunOptions::Rerun::failed_first
                                     : runner::RunOptions::Rerun::all;
  run.last_failed = std::move(state);
}

void write_rerun_state(const std::filesystem::path& report, const runner::LastFailed& before,
                       const report::RunResult& result) {
  report::write_file_atomically(runner::last_failed_path(report),
                                runner::last_failed_json(runner::update_last_failed(before, result)));
}

report::ConsoleOptions console_options(const CaseOptions& options) {
  const bool terminal = ::isatty(STDOUT_FILENO) && !dumb_terminal();
  report::ConsoleOptions console;
  console.color = options.color == "always" || (options.color == "auto" && terminal && !env_set("NO_COLOR"));
  console.live = terminal;
  console.verbosity = options.quiet     ? report::Verbosity::quiet
                      : options.verbose ? report::Verbosity::verbose
                                        : report::Verbosity::normal;
  console.durations = options.durations;
  return console;
}

}  // namespace harness::app
