#pragma once
// Joins JUnit reports (e.g. of CI shards) into one: every <testsuite> of every input, in input order.
#include <filesystem>
#include <string>
#include <vector>

namespace harness::report {

// Throws std::runtime_error naming the file: unreadable, not XML, no <testsuites>/<testsuite> root, or a
// suite name that an earlier input already has (a file run in two shards would be counted twice).
std::string merge_junit(const std::vector<std::filesystem::path>& inputs);

}  // namespace harness::report
