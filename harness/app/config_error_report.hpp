#pragma once
// A run that stops on a usage or configuration problem after its arguments were parsed (no such path, a
// broken fixtures folder, a bad -k) still leaves a report, so a CI job always has a file to publish: one
// errored case "(configuration)" of type "configuration" saying what was wrong.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace harness::app {

struct ReportTargets {
  std::filesystem::path junit;
  bool gitlab = false;  // --gitlab-file
  std::string html;     // --html FILE, "" for none
};

// Runs `body`; on runner::ConfigError writes that report to `targets` (the JUnit one, and the HTML one when
// asked), prints the problem (stderr) and where the report went (stdout), and returns exit code 2. A report
// that cannot be written is a std::runtime_error naming both problems.
int with_config_error_report(const ReportTargets& targets, std::uint64_t seed,
                             const std::function<int()>& body);

}  // namespace harness::app
