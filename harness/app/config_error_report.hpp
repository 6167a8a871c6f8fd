#pragma once
// A run that stops on a usage or configuration problem after its arguments were parsed (no such path, a
// broken fixtures folder, a bad -k) still leaves a report, so a CI job always has a file to publish: one
// errored case "(configuration)" of type "configuration" saying what was wrong.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "harness/report/junit_writer.hpp"

namespace harness::app {

// Runs `body`; on runner::ConfigError writes that report to `junit`, prints the problem (stderr) and where
// the report went (stdout), and returns exit code 2. A report that cannot be written is a
// std::runtime_error naming both problems.
int with_config_error_report(const std::filesystem::path& junit, const report::JunitOptions& options,
                             std::uint64_t seed, const std::function<int()>& body);

}  // namespace harness::app
