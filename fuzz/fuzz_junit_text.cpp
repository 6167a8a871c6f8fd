// The JUnit writer's text handling: arbitrary bytes as file names, case titles, types, messages, details,
// output and properties. The report must be well-formed XML 1.0 (well_formed_xml.hpp), every case must appear
// under the name unique_case_names() gives it, and the text helpers must keep their promises on their own.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>

#include "fuzz/well_formed_xml.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/report/results.hpp"
#include "harness/report/text.hpp"

namespace {

namespace report = harness::report;
using harness::fuzz::require_allowed_text;

void check_text_helpers(const std::string& raw) {
  const std::string text = report::sanitize_text(raw);
  require_allowed_text(text, "sanitize_text");
  const std::string token = report::sanitize_token(raw);
  require_allowed_text(token, "sanitize_token");
  if (token.find_first_of("\t\n\r") != std::string::npos || token.find("  ") != std::string::npos ||
      (!token.empty() && (token.front() == ' ' || token.back() == ' ')))
    std::abort();  // not the value space of xs:token
  require_allowed_text(report::truncate_code_points(text, raw.size() % 17), "truncate_code_points");
  if (report::first_line(raw).find_first_of("\r\n") != std::string::npos) std::abort();
}

report::CaseResult make_case(FuzzedDataProvider& in) {
  report::CaseResult result;
  result.name = in.ConsumeRandomLengthString(200);
  result.outcome = in.PickValueInArray(
      {report::Outcome::passed, report::Outcome::failed, report::Outcome::errored, report::Outcome::skipped});
  result.type = in.ConsumeRandomLengthString(40);
  result.message = in.ConsumeRandomLengthString(2000);
  result.detail = in.ConsumeRandomLengthString(2000);
  result.output = in.ConsumeRandomLengthString(2000);
  result.seconds = in.ConsumeFloatingPoint<double>();
  return result;
}

report::SuiteResult make_suite(FuzzedDataProvider& in) {
  report::SuiteResult suite;
  suite.file = in.ConsumeRandomLengthString(100);
  suite.timestamp = in.ConsumeBool() ? "2026-01-01T00:00:00" : in.ConsumeRandomLengthString(30);
  suite.seconds = in.ConsumeFloatingPoint<double>();
  for (int n = in.ConsumeIntegralInRange(0, 3); n > 0; --n)
    suite.properties.emplace_back(in.ConsumeRandomLengthString(40), in.ConsumeRandomLengthString(200));
  for (int n = in.ConsumeIntegralInRange(0, 6); n > 0; --n) suite.cases.push_back(make_case(in));
  suite.error_output = in.ConsumeRandomLengthString(500);
  return suite;
}

// Each <testcase> carries the name unique_case_names() promises, in order: escaping lost nothing.
void check_names(const pugi::xml_document& document, const report::RunResult& run) {
  auto element = document.child("testsuites").child("testsuite");
  for (const auto& suite : run.suites) {
    if (!element) std::abort();
    if (!report::load_failed(suite)) {
      const auto names = report::unique_case_names(suite);
      auto testcase = element.child("testcase");
      for (const auto& name : names) {
        if (!testcase || name != testcase.attribute("name").value()) {
          std::fprintf(stderr, "testcase name lost in the report: [%s]\n", name.c_str());
          std::abort();
        }
        testcase = testcase.next_sibling("testcase");
      }
      if (testcase) std::abort();
    }
    element = element.next_sibling("testsuite");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  check_text_helpers(std::string(reinterpret_cast<const char*>(data), size));
  report::RunResult run;
  run.seed = in.ConsumeIntegral<std::uint64_t>();
  run.seconds = in.ConsumeFloatingPoint<double>();
  report::JunitOptions options;
  options.gitlab_file_attribute = in.ConsumeBool();
  options.hostname = in.ConsumeRandomLengthString(60);
  for (int n = in.ConsumeIntegralInRange(1, 3); n > 0; --n) run.suites.push_back(make_suite(in));

  const std::string xml = report::render_junit(run, options);
  pugi::xml_document document;
  harness::fuzz::require_well_formed(xml, document);
  check_names(document, run);
  return 0;
}
