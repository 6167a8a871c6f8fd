#pragma once
// The JUnit XML report as a reporter. Cumulative: suite attributes need totals, so it writes once, at the
// end.
#include <filesystem>

#include "harness/report/junit_writer.hpp"
#include "harness/report/reporter.hpp"

namespace harness::report {

class JunitReporter : public Reporter {
 public:
  JunitReporter(std::filesystem::path path, JunitOptions options = {});

  // Writes the report with write_junit(); a failure to write throws std::runtime_error (path and reason), so
  // the run can end with an error instead of leaving CI without a report.
  void run_ended(const RunResult& run) override;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  JunitOptions options_;
};

}  // namespace harness::report
