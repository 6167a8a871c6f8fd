#pragma once
// RunResult -> JUnit XML, strictly valid against the Windy Road schema (../shared/junit/JUnit.xsd) by
// default.
//
//   <testsuites>                                       no attributes
//     <testsuite name="scenarios.sdrs.job_status" package="scenarios" id="0" timestamp="2025-01-31T12:00:00"
//                hostname="ci-7" tests="3" failures="1" errors="0" skipped="0" time="0.120">
//       <properties>                                   harness.version, harness.seed, scenario.file, then the
//                                                      suite's own properties
//       <testcase name="..." classname="scenarios.sdrs.job_status" time="0.031">
//         <failure type="expectation" message="scenarios/sdrs/job_status.lua:27: ...">detail</failure>
//       <system-out>                                   each case's output under "--- case: NAME ---"
//       <system-err>                                   SuiteResult::error_output
//
// Every attribute and text goes through sanitize_text() (text.hpp): control characters become "\xNN", invalid
// UTF-8 becomes U+FFFD, so the file is always well-formed. Names are unique within a suite (" (2)", " (3)").
// A suite whose file did not load (load_failed()) gets one <error type="load"> test case.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/results.hpp"

namespace harness::report {

struct JunitOptions {
  // Adds testcase@file="scenarios/x.lua", which GitLab reads to link a failure to its file. The strict schema
  // (and the Jenkins xUnit one) forbid this attribute, so it is off by default.
  bool gitlab_file_attribute = false;
  // testsuite@hostname. Empty: gethostname(), or "localhost" when that fails.
  std::string hostname;
};

// The longest message attribute, in code points; the element body always keeps the full text.
inline constexpr std::size_t kMaxMessageAttribute = 1000;

// Receives the report piece by piece, in order.
using JunitSink = std::function<void(std::string_view)>;

// The report as a stream: one suite's elements are built at a time, so memory does not grow with the report.
void stream_junit(const RunResult& run, const JunitSink& sink, const JunitOptions& options = {});

// stream_junit into one string.
std::string render_junit(const RunResult& run, const JunitOptions& options = {});

// stream_junit, written atomically (see atomic_file.hpp) as it is rendered: creates the parent folders,
// writes a temporary file in the same folder, flushes it and renames it over `path`. Throws
// std::runtime_error naming the path and the reason.
void write_junit(const RunResult& run, const std::filesystem::path& path, const JunitOptions& options = {});

// The test case names as they appear in the report: sanitized, whitespace collapsed, made unique within the
// suite by suffixing later duplicates " (2)", " (3)", ...; an empty name becomes "(unnamed)". One per
// SuiteResult::cases.
std::vector<std::string> unique_case_names(const SuiteResult& suite);

}  // namespace harness::report
