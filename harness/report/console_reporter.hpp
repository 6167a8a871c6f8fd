#pragma once
// Human-readable progress and summary on a stream. Streams as cases end:
//
//   scenarios/sdrs/job_status.lua
//     PASS  job goes INIT -> RUNNING -> SUCCESS (12 ms)
//     FAIL  503 twice, then the job (40 ms)
//           scenarios/sdrs/job_status.lua:27: expected 200, got 503
//
//   failures and errors:
//   scenarios/sdrs/job_status.lua:27: expected 200, got 503
//
//   seed: 42
//   1 passed, 1 failed, 0 errored, 0 skipped in 0.05 s
//
// The words PASS/FAIL/ERROR/SKIP carry the meaning without colour; ANSI colours are added only when `color`
// is true, each line's colour reset before its end. Summary lines read "file:line: message" so editors and CI
// problem matchers find the line. The last line holds the totals, once. Control characters in names and
// messages are shown as "\xNN" (see sanitize_text), so a scenario cannot drive the terminal. Calls may come
// from several threads; each writes its lines under one lock.
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "harness/report/reporter.hpp"

namespace harness::report {

// -q: only what did not pass (and the summary); -v: a line for every case, on a terminal too.
enum class Verbosity { quiet, normal, verbose };

struct ConsoleOptions {
  bool color = false;
  // A terminal: passing cases are folded into one line per file and a progress line is redrawn at the
  // bottom; otherwise (a log) every case gets its line.
  bool live = false;
  Verbosity verbosity = Verbosity::normal;
  int durations = -1;  // --durations N: the N slowest cases in the summary; 0 all of them, -1 none
};

class ConsoleReporter : public Reporter {
 public:
  ConsoleReporter(std::ostream& out, ConsoleOptions options);
  ConsoleReporter(std::ostream& out, bool color, bool live = false);

  void run_starting(std::size_t files) override;
  void suite_starting(const std::string& file) override;
  void suite_ended(const SuiteResult& suite) override;
  void case_ended(const SuiteResult& suite, const CaseResult& result) override;
  void run_ended(const RunResult& run) override;

 private:
  std::string paint(std::string_view text, std::string_view sgr) const;
  void print_file_header(const std::string& file);

  void clear_progress();
  void draw_progress();
  void print_durations(const RunResult& run);

  std::ostream& out_;
  bool color_;
  bool live_;
  Verbosity verbosity_;
  int durations_;
  std::mutex mutex_;
  std::string current_file_;  // the file whose header was printed last
  bool progress_shown_ = false;
  std::size_t files_total_ = 0, files_done_ = 0;
  Totals so_far_;
};

}  // namespace harness::report
