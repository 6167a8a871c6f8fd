#include "harness/report/console_reporter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "harness/report/text.hpp"

namespace harness::report {
namespace {

constexpr std::string_view kGreen = "32", kRed = "31", kBoldRed = "1;31", kYellow = "33", kBold = "1";
constexpr std::string_view kIndent = "        ";  // under the case name, past "  FAIL  "

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value) || value < 0) value = 0;
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(buffer, end) : "0";
}

std::string milliseconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  return std::to_string(std::llround(seconds * 1000)) + " ms";
}

// "file:line: message" for the summary. CaseResult::message already starts with "file:line: " where a line is
// known; otherwise the file is put in front so every line still names its scenario.
std::string location_line(const std::string& file, std::string_view message, std::string_view fallback) {
  std::string line = sanitize_text(first_line(message));
  if (line.empty()) line = sanitize_text(fallback);
  const std::string clean_file = sanitize_text(file);
  if (line.starts_with(clean_file + ":")) return line;
  return clean_file + ": " + line;
}

}  // namespace

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : out_(out),
      color_(options.color),
      live_(options.live),
      verbosity_(options.verbosity),
      durations_(options.durations) {}

ConsoleReporter::ConsoleReporter(std::ostream& out, bool color, bool live)
    : ConsoleReporter(out, ConsoleOptions{color, live}) {}

void ConsoleReporter::run_starting(std::size_t files) {
  std::lock_guard lock(mutex_);
  files_total_ = files;
}

void ConsoleReporter::clear_progress() {
  if (progress_shown_) out_ << "\r\x1b[2K";
  progress_shown_ = false;
}

void ConsoleReporter::draw_progress() {
  if (!live_) return;
  out_ << "\r\x1b[2K[" << files_done_ << "/" << files_total_ << " files] " << so_far_.passed() << " passed, "
       << so_far_.failures << " failed, " << so_far_.errors << " errored, " << so_far_.skipped << " skipped";
  progress_shown_ = true;
  out_.flush();
}

void ConsoleReporter::suite_ended(const SuiteResult& suite) {
  if (!live_) return;
  std::lock_guard lock(mutex_);
  clear_progress();
  ++files_done_;
  const Totals sum = totals(suite);
  const bool ok = sum.failures + sum.errors == 0;
  if (verbosity_ == Verbosity::quiet) {  // what failed is already shown in full
    current_file_.clear();
    return draw_progress();
  }
  out_ << (ok ? paint("PASS ", kGreen) : paint("FAIL ", kRed)) << ' ' << sanitize_text(suite.file) << " ("
       << sum.passed() << " passed";
  if (!ok) out_ << ", " << sum.failures << " failed, " << sum.errors << " errored";
  if (sum.skipped) out_ << ", " << sum.skipped << " skipped";
  out_ << ", " << milliseconds(suite.seconds) << ")\n";
  current_file_.clear();
  draw_progress();
}

std::string ConsoleReporter::paint(std::string_view text, std::string_view sgr) const {
  if (!color_) return std::string(text);
  std::string out = "\x1b[";
  out += sgr;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

void ConsoleReporter::print_file_header(const std::string& file) {
  out_ << paint(sanitize_text(file), kBold) << '\n';
  current_file_ = file;
}

void ConsoleReporter::suite_starting(const std::string& file) {
  // Live or quiet: a file is named when it has something to show (and, live, when it ends).
  if (live_ || verbosity_ == Verbosity::quiet) return;
  std::lock_guard lock(mutex_);
  print_file_header(file);
  out_.flush();
}

void ConsoleReporter::case_ended(const SuiteResult& suite, const CaseResult& result) {
  std::lock_guard lock(mutex_);
  const bool quiet_about_it = (verbosity_ == Verbosity::quiet && result.outcome != Outcome::failed &&
                               result.outcome != Outcome::errored) ||
                              (live_ && verbosity_ == Verbosity::normal && result.outcome == Outcome::passed);
  if (live_) {
    so_far_.add(result.outcome);
    if (quiet_about_it) return draw_progress();
    clear_progress();
  } else if (quiet_about_it) {
    return;
  }
  // Suites may run in parallel: name the file again when the lines switch to another one.
  if (suite.file != current_file_) print_file_header(suite.file);

  std::string word;
  switch (result.outcome) {
    case Outcome::passed:
      word = paint("PASS ", kGreen);
      break;
    case Outcome::failed:
      word = paint("FAIL ", kRed);
      break;
    case Outcome::errored:
      word = paint("ERROR", kBoldRed);
      break;
    case Outcome::skipped:
      word = paint("SKIP ", kYellow);
      break;
  }
  out_ << "  " << word << ' ' << sanitize_token(result.name) << " (" << milliseconds(result.seconds) << ")\n";
  if (result.outcome != Outcome::passed && !result.message.empty()) {
    std::string_view rest = result.message;
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      out_ << kIndent << sanitize_text(rest.substr(0, end)) << '\n';
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  draw_progress();
  out_.flush();
}

void ConsoleReporter::run_ended(const RunResult& run) {
  std::lock_guard lock(mutex_);
  clear_progress();
  std::vector<std::string> problems;
  for (const SuiteResult& suite : run.suites) {
    if (load_failed(suite)) problems.push_back(location_line(suite.file, suite.error_output, "did not load"));
    for (const CaseResult& result : suite.cases) {
      if (result.outcome == Outcome::failed || result.outcome == Outcome::errored) {
        const char* what = result.outcome == Outcome::failed ? " failed" : " errored";
        problems.push_back(location_line(suite.file, result.message, sanitize_token(result.name) + what));
      }
    }
  }

  const Totals sum = totals(run);
  out_ << '\n';
  if (!problems.empty()) {
    out_ << paint("failures and errors:", kBoldRed) << '\n';
    for (const std::string& line : problems) out_ << line << '\n';
    out_ << '\n';
  }
  if (!run.interrupted.empty())
    out_ << paint(run.interrupted + ": the run stopped early; what did not run is reported skipped", kBoldRed)
         << '\n';
  print_durations(run);
  out_ << "seed: " << run.seed << '\n';
  const std::string counts = std::to_string(sum.passed()) + " passed, " + std::to_string(sum.failures) +
                             " failed, " + std::to_string(sum.errors) + " errored, " +
                             std::to_string(sum.skipped) + " skipped in " + fixed(run.seconds, 2) + " s";
  out_ << paint(counts, problems.empty() ? kGreen : kRed) << '\n';
  out_.flush();
}

void ConsoleReporter::print_durations(const RunResult& run) {
  if (durations_ < 0) return;
  struct Timed {
    double seconds;
    std::string where;
  };
  std::vector<Timed> timed;
  for (const SuiteResult& suite : run.suites)
    for (const CaseResult& result : suite.cases)
      if (result.outcome != Outcome::skipped)
        timed.push_back({result.seconds, sanitize_text(suite.file) + ": " + sanitize_token(result.name)});
  std::stable_sort(timed.begin(), timed.end(),
                   [](const Timed& a, const Timed& b) { return a.seconds > b.seconds; });
  if (durations_ > 0 && timed.size() > static_cast<std::size_t>(durations_)) timed.resize(durations_);
  out_ << (durations_ == 0 ? std::string("every case, slowest first:")
                           : "slowest " + std::to_string(timed.size()) + " cases:")
       << '\n';
  for (const Timed& t : timed) out_ << "  " << fixed(t.seconds, 3) << " s  " << t.where << '\n';
  out_ << '\n';
}

}  // namespace harness::report
