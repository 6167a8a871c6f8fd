#pragma once
// A JUnit report (ours, e.g. the merged shards of `harness merge`) read back into the result model, so the
// HTML report can be written from it.
#include <filesystem>

#include "harness/report/results.hpp"

namespace harness::report {

// Throws std::runtime_error naming the file when it is not a readable JUnit report.
RunResult read_junit(const std::filesystem::path& path);

}  // namespace harness::report
