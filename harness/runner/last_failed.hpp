#pragma once
// The cases that failed or errored in the last run, kept beside its report for --lf and --ff:
// reports/junit.xml -> reports/junit.last-failed.json,
//
//   { "version": 1,
//     "failed_files": ["scenarios/demo/broken.lua"],
//     "failed_cases": { "scenarios/sdrs/job_status.lua": ["503 twice, then the job"] } }
//
// A failed file is one that failed as a whole (it did not load, or its path could not be run): all its
// cases count as failed.
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "harness/report/results.hpp"

namespace harness::runner {

struct LastFailed {
  std::set<std::string> files;
  std::map<std::string, std::set<std::string>> cases;  // file -> titles

  bool empty() const { return files.empty() && cases.empty(); }
  bool holds(const std::string& file, const std::string& title) const;  // the case or its whole file
  bool touches(const std::string& file) const;                          // anything of the file
  std::size_t size() const;
};

// Beside the report: its name with ".last-failed.json" for its extension.
std::filesystem::path last_failed_path(const std::filesystem::path& report);

// A missing file is no failure recorded; an unreadable or malformed one throws ConfigError naming it.
LastFailed read_last_failed(const std::filesystem::path& path);

std::string last_failed_json(const LastFailed& failed);

// What the next --lf reruns: this run's failures and errors, plus the earlier ones this run did not run
// (skipped, or not selected), so a run of a few cases forgets nothing about the others.
LastFailed update_last_failed(const LastFailed& before, const report::RunResult& run);

}  // namespace harness::runner
