// The JUnit report written as a stream, one suite at a time, is byte for byte what the writer that built the
// whole document in memory wrote (tests/unit/data/junit_sample.xml was written by that writer from
// sample_run(), the version then replaced by @HARNESS_VERSION@).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "harness/report/junit_writer.hpp"

namespace fs = std::filesystem;
using namespace harness::report;
using namespace std::string_literals;

namespace {

const fs::path kGolden = fs::path(HARNESS_SOURCE_DIR) / "tests" / "unit" / "data" / "junit_sample.xml";

CaseResult make_case(std::string name, Outcome outcome, std::string message, std::string detail,
                     std::string output) {
  CaseResult c;
  c.name = std::move(name);
  c.outcome = outcome;
  c.message = std::move(message);
  c.detail = std::move(detail);
  c.output = std::move(output);
  c.seconds = 0.0125;
  return c;
}

// Every shape the writer has: each outcome, names that collide once cleaned, text that must be escaped or
// cleaned (quotes, <, &, "]]>", control characters, invalid UTF-8, CR), properties, a file that did not load,
// a suite with no output, a message over the attribute limit.
RunResult sample_run() {
  RunResult run;
  run.seed = 7;
  SuiteResult first;
  first.file = "scenarios/sdrs/job_status.lua";
  first.timestamp = "2025-01-31T12:00:00";
  first.seconds = 1.5;
  first.properties = {{"harness.project_id", "p1"}, {"odd \x01name", "v<a>l&\"ue\"\n2"}};
  const std::string exchange =
      "> GET /v1/p1/jobs/1 HTTP/1.1\n< HTTP/1.1 200 OK\n\n{\"status\":\"RUNNING\",\"x\":\"]]>\"}\n";
  first.cases.push_back(make_case("passes", Outcome::passed, "", "", exchange + exchange));
  first.cases.push_back(make_case("a  b", Outcome::passed, "", "", "printed\r\nline\x1b[0m\n"));
  first.cases.push_back(make_case(
      "a b", Outcome::failed, "scenarios/sdrs/job_status.lua:12: expected 200, got <404> & \"more\"",
      "scenarios/sdrs/job_status.lua:12: expected 200\n\nlast HTTP exchange:\n" + exchange,
      "no newline at the end"));
  first.cases.push_back(make_case("errs", Outcome::errored, "x.lua:3: connection refused", "", ""));
  first.cases.back().type = "transport";
  first.cases.push_back(make_case("skips", Outcome::skipped, "needs the fake", "", ""));
  first.cases.push_back(make_case("skips with detail", Outcome::skipped, "why", "why, at length", ""));
  first.cases.push_back(make_case("bad \xff utf8 \xe2\x82", Outcome::failed, std::string(1500, 'm'), "", ""));
  first.cases.push_back(make_case("", Outcome::passed, "", "", "cut \xe2\x82"));
  first.cases.push_back(make_case("(unnamed)", Outcome::passed, "", "", "\xff\xfe\n\t\x7f\x01 end\n"));
  SuiteResult second;
  second.file = "./scenarios//kps/tasks.lua";
  second.timestamp = "2025-02-01T00:00:01.5Z";  // cut to its first 19 characters
  second.seconds = 0.25;
  second.cases.push_back(make_case("only", Outcome::passed, "", "", ""));
  SuiteResult broken;
  broken.file = "scenarios/broken.lua";
  broken.timestamp = "2025-02-01T00:00:02";
  broken.error_output =
      "scenarios/broken.lua:1: unexpected symbol near ']]>'\nstack traceback:\n  [C]: in ?\n";
  run.suites = {first, second, broken};
  return run;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The sample with this build's version where the file says @HARNESS_VERSION@.
std::string golden() {
  std::string text = read_file(kGolden);
  const std::string mark = "@HARNESS_VERSION@";
  for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
    text.replace(at, mark.size(), HARNESS_VERSION);
  return text;
}

TEST(JunitStream, RenderedSampleIsByteIdenticalToTheDocumentWritersOutput) {
  ASSERT_TRUE(fs::exists(kGolden)) << kGolden;
  EXPECT_EQ(render_junit(sample_run(), {.hostname = "ci-7"}), golden());
}

TEST(JunitStream, WrittenFileIsByteIdenticalToo) {
  const fs::path dir = fs::temp_directory_path() / ("junit-stream-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write_junit(sample_run(), dir / "junit.xml", {.hostname = "ci-7"});
  EXPECT_EQ(read_file(dir / "junit.xml"), golden());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temporary left
  fs::remove_all(dir);
}

TEST(JunitStream, NoSuiteAtAll) {
  EXPECT_EQ(render_junit(RunResult{}, {.hostname = "h"}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites />\n");
}

}  // namespace
