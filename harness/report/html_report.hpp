#pragma once
// The HTML report: one self-contained page (no network, no external scripts, styles or fonts) for people to
// read in a browser. Summary first, then failures and errors with their HTTP exchanges, the contract coverage
// grid, and the passing and skipped cases collapsed. Readable with scripting off; with it, filters by outcome
// and a text search.
#include <filesystem>
#include <string>

#include "harness/report/reporter.hpp"
#include "harness/report/results.hpp"

namespace harness::report {

struct HtmlInfo {
  std::string command_line;  // as typed: "harness run --seed 3 scenarios"
  std::string filters;       // "--filter x --tag y", or empty
};

std::string write_html(const RunResult& run, const HtmlInfo& info);

// Writes write_html() atomically at the end of the run; throws std::runtime_error (path and reason) when it
// cannot.
class HtmlReporter : public Reporter {
 public:
  HtmlReporter(std::filesystem::path path, HtmlInfo info) : path_(std::move(path)), info_(std::move(info)) {}
  void run_ended(const RunResult& run) override;

 private:
  std::filesystem::path path_;
  HtmlInfo info_;
};

}  // namespace harness::report
