#include "harness/report/junit_reporter.hpp"

#include <utility>

namespace harness::report {

JunitReporter::JunitReporter(std::filesystem::path path, JunitOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

void JunitReporter::run_ended(const RunResult& run) {
  write_junit(run, path_, options_);
}

}  // namespace harness::report
