// JUnit XML: content survives sanitising, and every output is valid against the strict schema.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "harness/report/bounded_text.hpp"
#include "harness/report/junit_reporter.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/report/text.hpp"

namespace fs = std::filesystem;
using namespace harness::report;
using namespace std::string_literals;

namespace {

const fs::path kSchema = fs::path(HARNESS_SOURCE_DIR) / ".." / "shared" / "junit" / "JUnit.xsd";

CaseResult make_case(std::string name, Outcome outcome, std::string message = {}, std::string detail = {}) {
  CaseResult c;
  c.name = std::move(name);
  c.outcome = outcome;
  c.message = std::move(message);
  c.detail = std::move(detail);
  c.seconds = 0.031;
  return c;
}

SuiteResult make_suite(std::string file = "scenarios/sdrs/job_status.lua") {
  SuiteResult s;
  s.file = std::move(file);
  s.timestamp = "2025-01-31T12:00:00";
  s.seconds = 2.0764;
  return s;
}

RunResult make_run(std::vector<SuiteResult> suites) {
  RunResult run;
  run.suites = std::move(suites);
  run.seed = 42;
  return run;
}

// All character data under `node`, CDATA sections included (a split "]]>" gives two sections).
std::string all_text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return out;
}

class JunitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("harness-report-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Parses `xml`, failing the test when it is not well-formed.
  pugi::xml_node parse(const std::string& xml) {
    const pugi::xml_parse_result ok = doc_.load_buffer(xml.data(), xml.size(), pugi::parse_full);
    EXPECT_TRUE(ok) << ok.description() << " at " << ok.offset;
    return doc_.child("testsuites");
  }

  // xmllint against the strict schema: returns its exit status; output in `log`.
  int xmllint(const std::string& xml, std::string& log) {
    const fs::path file = dir_ / ("check-" + std::to_string(checks_++) + ".xml");
    std::ofstream(file, std::ios::binary) << xml;
    const std::string command =
        "xmllint --noout --schema '" + kSchema.string() + "' '" + file.string() + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) log += buffer;
    return ::pclose(pipe);
  }

  // Skips when the schema is not there (a clone without ../shared).
  void expect_schema_valid(const std::string& xml) {
    if (!fs::exists(kSchema)) GTEST_SKIP() << "no " << kSchema << "; schema checks skipped";
    std::string log;
    EXPECT_EQ(xmllint(xml, log), 0) << log << "\n--- document (first 4000 bytes) ---\n"
                                    << xml.substr(0, 4000);
  }

  fs::path dir_;
  pugi::xml_document doc_;
  int checks_ = 0;
};

TEST_F(JunitTest, WritesTheDocumentedShape) {
  SuiteResult suite = make_suite();
  suite.properties = {{"target", "fake"}};
  suite.cases.push_back(make_case("get job returns 200", Outcome::passed));
  suite.cases.push_back(
      make_case("body matches schema", Outcome::failed,
                "scenarios/sdrs/job_status.lua:27: /status: not one of the enum",
                "scenarios/sdrs/job_status.lua:27: /status: not one of the enum\nexpected: ..."));
  suite.cases.back().type = "schema";
  suite.cases.push_back(
      make_case("times out", Outcome::errored, "scenarios/sdrs/job_status.lua:41: timed out"));
  suite.cases.push_back(make_case("delete", Outcome::skipped, "skip(): no DELETE route"));
  suite.cases[0].output = "GET /v1/p1/jobs/1 -> 200";
  const std::string xml = render_junit(make_run({suite}), {.hostname = "ci-host"});

  pugi::xml_node root = parse(xml);
  EXPECT_TRUE(root.first_attribute().empty()) << "testsuites takes no attributes";
  pugi::xml_node s = root.child("testsuite");
  EXPECT_STREQ(s.attribute("name").value(), "scenarios.sdrs.job_status");
  EXPECT_STREQ(s.attribute("package").value(), "scenarios");
  EXPECT_STREQ(s.attribute("id").value(), "0");
  EXPECT_STREQ(s.attribute("timestamp").value(), "2025-01-31T12:00:00");
  EXPECT_STREQ(s.attribute("hostname").value(), "ci-host");
  EXPECT_STREQ(s.attribute("tests").value(), "4");
  EXPECT_STREQ(s.attribute("failures").value(), "1");
  EXPECT_STREQ(s.attribute("errors").value(), "1");
  EXPECT_STREQ(s.attribute("skipped").value(), "1");
  EXPECT_STREQ(s.attribute("time").value(), "2.076");

  std::vector<std::string> order;
  for (pugi::xml_node child : s.children()) order.emplace_back(child.name());
  EXPECT_EQ(order, (std::vector<std::string>{"properties", "testcase", "testcase", "testcase", "testcase",
                                             "system-out", "system-err"}));

  std::map<std::string, std::string> props;
  for (pugi::xml_node p : s.child("properties").children("property"))
    props[p.attribute("name").value()] = p.attribute("value").value();
  EXPECT_EQ(props["harness.version"], HARNESS_VERSION);
  EXPECT_EQ(props["harness.seed"], "42");
  EXPECT_EQ(props["scenario.file"], "scenarios/sdrs/job_status.lua");
  EXPECT_EQ(props["target"], "fake");

  pugi::xml_node failed = s.find_child_by_attribute("testcase", "name", "body matches schema");
  EXPECT_STREQ(failed.attribute("classname").value(), "scenarios.sdrs.job_status");
  EXPECT_STREQ(failed.attribute("time").value(), "0.031");
  EXPECT_STREQ(failed.child("failure").attribute("type").value(), "schema");
  EXPECT_STREQ(failed.child("failure").attribute("message").value(),
               "scenarios/sdrs/job_status.lua:27: /status: not one of the enum");
  EXPECT_EQ(all_text(failed.child("failure")), suite.cases[1].detail);
  EXPECT_TRUE(failed.attribute("file").empty());

  pugi::xml_node errored = s.find_child_by_attribute("testcase", "name", "times out");
  EXPECT_STREQ(errored.child("error").attribute("type").value(), "error") << "type defaults, never empty";
  EXPECT_EQ(all_text(errored.child("error")), "scenarios/sdrs/job_status.lua:41: timed out")
      << "body = message";
  EXPECT_STREQ(
      s.find_child_by_attribute("testcase", "name", "delete").child("skipped").attribute("message").value(),
      "skip(): no DELETE route");
  EXPECT_EQ(all_text(s.child("system-out")), "--- case: get job returns 200 ---\nGET /v1/p1/jobs/1 -> 200\n");
  expect_schema_valid(xml);
}

TEST_F(JunitTest, ControlCharactersBecomeVisibleEscapes) {
  const std::string nasty = "before\x01mid\x1b[31mred\0after\ttab"s;  // a NUL inside the string
  ASSERT_EQ(nasty.size(), 28u);
  const std::string shown = "before\\x01mid\\x1b[31mred\\x00after\ttab";
  SuiteResult suite = make_suite();
  suite.properties = {{"note", nasty}};
  suite.cases.push_back(make_case("case \x1b name", Outcome::failed, nasty, "detail: " + nasty));
  suite.cases.back().type = "ty\0pe"s;
  suite.cases.back().output = nasty;
  suite.error_output = nasty;
  const std::string xml = render_junit(make_run({suite}));

  for (const char* reference : {"&#1;", "&#0;", "&#27;", "&#x1b;", "&#x1;"})
    EXPECT_EQ(xml.find(reference), std::string::npos) << reference;
  for (char c = 0; c < 0x20; ++c) {
    if (c != '\t' && c != '\n' && c != '\r') {
      EXPECT_EQ(xml.find(c), std::string::npos) << int(c);
    }
  }

  pugi::xml_node s = parse(xml).child("testsuite");
  pugi::xml_node tc = s.child("testcase");
  EXPECT_STREQ(tc.attribute("name").value(), "case \\x1b name");
  EXPECT_EQ(std::string(tc.child("failure").attribute("message").value()), shown);
  EXPECT_EQ(std::string(tc.child("failure").attribute("type").value()), "ty\\x00pe");
  EXPECT_EQ(all_text(tc.child("failure")), "detail: " + shown);
  EXPECT_EQ(all_text(s.child("system-out")), "--- case: case \\x1b name ---\n" + shown + "\n");
  EXPECT_EQ(all_text(s.child("system-err")), shown);
  EXPECT_EQ(std::string(s.child("properties")
                            .find_child_by_attribute("property", "name", "note")
                            .attribute("value")
                            .value()),
            shown);
  expect_schema_valid(xml);
}

TEST_F(JunitTest, CdataTerminatorInOutputAndDetailSurvives) {
  const std::string tricky = "a]]>b ]]]]>> <![CDATA[x]]> & <tag> ]]";
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("c", Outcome::failed, "m ]]> m", tricky));
  suite.cases.back().output = tricky;
  suite.error_output = tricky;
  const std::string xml = render_junit(make_run({suite}));

  pugi::xml_node s = parse(xml).child("testsuite");
  EXPECT_EQ(all_text(s.child("system-out")), "--- case: c ---\n" + tricky + "\n");
  EXPECT_EQ(all_text(s.child("system-err")), tricky);
  EXPECT_EQ(all_text(s.child("testcase").child("failure")), tricky);
  EXPECT_STREQ(s.child("testcase").child("failure").attribute("message").value(), "m ]]> m");
  expect_schema_valid(xml);
}

TEST(SanitizeText, ReplacesInvalidUtf8WithReplacementCharacter) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(sanitize_text("a\xff"
                          "b"),
            "a" + r + "b");  // lone 0xff
  EXPECT_EQ(sanitize_text("a\x80"
                          "b"),
            "a" + r + "b");                            // stray continuation byte
  EXPECT_EQ(sanitize_text("end\xe2\x82"), "end" + r);  // truncated at the end
  EXPECT_EQ(sanitize_text("d\xe2\x82"
                          "e"),
            "d" + r + "e");                                     // truncated, one U+FFFD for the subpart
  EXPECT_EQ(sanitize_text("\xc0\xaf"), r + r);                  // overlong '/'
  EXPECT_EQ(sanitize_text("\xe0\x80\xaf"), r + r + r);          // overlong, three bytes
  EXPECT_EQ(sanitize_text("\xf0\x80\x80\xaf"), r + r + r + r);  // overlong, four bytes
  EXPECT_EQ(sanitize_text("\xed\xa0\x80"), r + r + r);          // UTF-16 surrogate D800
  EXPECT_EQ(sanitize_text("\xf4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(sanitize_text("\xef\xbf\xbe|\xef\xbf\xbf"), r + "|" + r);  // U+FFFE, U+FFFF
  const std::string valid = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf";
  EXPECT_EQ(sanitize_text(valid), valid);
  EXPECT_EQ(sanitize_text(std::string("\0\x1f\x7f", 3)), "\\x00\\x1f\x7f");
  EXPECT_EQ(sanitize_text("t\tn\nr\r"), "t\tn\nr\r");
}

TEST_F(JunitTest, InvalidUtf8IsReplacedEverywhere) {
  const std::string bad = "x\xff|\xe2\x82|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|ok \xc3\xa9";
  const std::string r = "\xEF\xBF\xBD";
  const std::string good =
      "x" + r + "|" + r + "|" + r + r + "|" + r + r + r + "|" + r + r + r + r + "|ok \xc3\xa9";
  SuiteResult suite = make_suite("scenarios/bad\xff.lua");
  suite.cases.push_back(make_case("name \xe2\x82", Outcome::errored, bad, bad));
  suite.cases.back().output = bad;
  const std::string xml = render_junit(make_run({suite}));

  pugi::xml_node s = parse(xml).child("testsuite");
  EXPECT_EQ(std::string(s.attribute("name").value()), "scenarios.bad" + r);
  EXPECT_EQ(std::string(s.child("testcase").attribute("name").value()), "name " + r);
  EXPECT_EQ(std::string(s.child("testcase").child("error").attribute("message").value()), good);
  EXPECT_EQ(all_text(s.child("testcase").child("error")), good);
  expect_schema_valid(xml);
}

TEST_F(JunitTest, HugeMessageIsTruncatedInTheAttributeOnly) {
  std::string huge;
  while (huge.size() < (1u << 20)) huge += "scenarios/x.lua:1: \xc3\xa9very long line\n";
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("big", Outcome::failed, huge));
  const std::string xml = render_junit(make_run({suite}));

  pugi::xml_node failure = parse(xml).child("testsuite").child("testcase").child("failure");
  const std::string message = failure.attribute("message").value();
  EXPECT_LT(message.size(), 2100u);
  EXPECT_TRUE(message.ends_with("\xe2\x80\xa6")) << "ends with an ellipsis";
  EXPECT_EQ(message.substr(0, 100), huge.substr(0, 100));
  // The body keeps up to kMaxTextBytes of it: the start and the end, around a "not shown" line.
  const std::string body = all_text(failure);
  EXPECT_LE(body.size(), harness::report::kMaxTextBytes);
  EXPECT_GT(body.size(), harness::report::kMaxTextBytes - 1000);
  EXPECT_TRUE(body.starts_with(huge.substr(0, 1000)));
  EXPECT_TRUE(body.ends_with(huge.substr(huge.size() - 1000)));
  EXPECT_NE(body.find("bytes not shown"), std::string::npos);
  expect_schema_valid(xml);
}

TEST(UniqueCaseNames, SuffixesLaterDuplicates) {
  SuiteResult suite;
  for (const char* name : {"a", "a", "a (2)", "b", " a\t", "", ""})
    suite.cases.push_back(make_case(name, Outcome::passed));
  EXPECT_EQ(unique_case_names(suite), (std::vector<std::string>{"a", "a (2)", "a (2) (2)", "b", "a (3)",
                                                                "(unnamed)", "(unnamed) (2)"}));
}

TEST_F(JunitTest, DuplicateCaseNamesAreUniqueInTheReport) {
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("same", Outcome::passed));
  suite.cases.push_back(make_case("same", Outcome::failed, "scenarios/x.lua:3: no"));
  suite.cases.push_back(make_case("same", Outcome::passed));
  suite.cases[1].output = "out";
  const std::string xml = render_junit(make_run({suite}));

  std::vector<std::string> names;
  pugi::xml_node s = parse(xml).child("testsuite");
  for (pugi::xml_node tc : s.children("testcase")) names.emplace_back(tc.attribute("name").value());
  EXPECT_EQ(names, (std::vector<std::string>{"same", "same (2)", "same (3)"}));
  EXPECT_TRUE(s.find_child_by_attribute("testcase", "name", "same (2)").child("failure"));
  EXPECT_EQ(all_text(s.child("system-out")), "--- case: same (2) ---\nout\n");
  expect_schema_valid(xml);
}

TEST_F(JunitTest, NamesAreCollapsedTokens) {
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("  two\nlines\t and  spaces ", Outcome::passed));
  const std::string xml = render_junit(make_run({suite}), {.hostname = " my\thost \n"});
  pugi::xml_node s = parse(xml).child("testsuite");
  EXPECT_STREQ(s.child("testcase").attribute("name").value(), "two lines and spaces");
  EXPECT_STREQ(s.attribute("hostname").value(), "my host");
  expect_schema_valid(xml);
}

TEST_F(JunitTest, ZeroSuites) {
  const std::string xml = render_junit(make_run({}));
  pugi::xml_node root = parse(xml);
  ASSERT_TRUE(root);
  EXPECT_FALSE(root.child("testsuite"));
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  expect_schema_valid(xml);
}

TEST_F(JunitTest, SuiteWithALoadErrorCountsAsAnError) {
  SuiteResult broken = make_suite("scenarios/broken.lua");
  broken.error_output = "scenarios/broken.lua:3: unexpected symbol near 'x'\nstack traceback:\n\t[C]: in ?";
  SuiteResult fine = make_suite("scenarios/fine.lua");
  fine.cases.push_back(make_case("ok", Outcome::passed));
  const RunResult run = make_run({broken, fine});
  const std::string xml = render_junit(run);

  EXPECT_EQ(totals(run).errors, 1);
  EXPECT_EQ(totals(run).tests, 2);
  pugi::xml_node s = parse(xml).child("testsuite");
  EXPECT_STREQ(s.attribute("tests").value(), "1");
  EXPECT_STREQ(s.attribute("errors").value(), "1");
  pugi::xml_node error = s.child("testcase").child("error");
  EXPECT_STREQ(error.attribute("type").value(), "load");
  EXPECT_STREQ(error.attribute("message").value(), "scenarios/broken.lua:3: unexpected symbol near 'x'");
  EXPECT_EQ(all_text(error), broken.error_output);
  EXPECT_EQ(all_text(s.child("system-err")), broken.error_output);
  EXPECT_STREQ(s.next_sibling("testsuite").attribute("id").value(), "1");
  expect_schema_valid(xml);
}

TEST_F(JunitTest, GitlabFileAttributeIsOptInAndBreaksTheStrictSchema) {
  SuiteResult suite = make_suite("scenarios/users.lua");
  suite.cases.push_back(make_case("x", Outcome::failed, "scenarios/users.lua:3: no"));
  const std::string plain = render_junit(make_run({suite}));
  const std::string gitlab = render_junit(make_run({suite}), {.gitlab_file_attribute = true, .hostname = {}});

  EXPECT_TRUE(parse(plain).child("testsuite").child("testcase").attribute("file").empty());
  EXPECT_STREQ(parse(gitlab).child("testsuite").child("testcase").attribute("file").value(),
               "scenarios/users.lua");
  if (!fs::exists(kSchema)) GTEST_SKIP() << "no " << kSchema;
  std::string log;
  EXPECT_NE(xmllint(gitlab, log), 0) << "documented: testcase@file is outside the strict schema";
}

TEST_F(JunitTest, TimesAndTimestampsFitTheSchema) {
  SuiteResult suite = make_suite();
  suite.timestamp = "2025-01-31T12:00:00.123Z";
  suite.seconds = -1;
  suite.cases.push_back(make_case("nan", Outcome::passed));
  suite.cases.back().seconds = std::numeric_limits<double>::quiet_NaN();
  suite.cases.push_back(make_case("long", Outcome::passed));
  suite.cases.back().seconds = 1234.5;
  SuiteResult bad_stamp = make_suite("scenarios/other.lua");
  bad_stamp.timestamp = "2025-02-30T25:00:00";
  SuiteResult no_stamp = make_suite("scenarios/third.lua");
  no_stamp.timestamp.clear();
  const std::string xml = render_junit(make_run({suite, bad_stamp, no_stamp}));

  pugi::xml_node s = parse(xml).child("testsuite");
  EXPECT_STREQ(s.attribute("timestamp").value(), "2025-01-31T12:00:00");
  EXPECT_STREQ(s.attribute("time").value(), "0.000");
  EXPECT_STREQ(s.child("testcase").attribute("time").value(), "0.000");
  EXPECT_STREQ(s.child("testcase").next_sibling().attribute("time").value(), "1234.500");
  EXPECT_EQ(std::string(s.next_sibling().attribute("timestamp").value()).size(), 19u) << "falls back to now";
  EXPECT_EQ(std::string(s.next_sibling().next_sibling().attribute("timestamp").value()).size(), 19u);
  EXPECT_FALSE(std::string(s.attribute("hostname").value()).empty());
  expect_schema_valid(xml);
}

TEST(DottedName, FollowsThePath) {
  EXPECT_EQ(dotted_name("scenarios/sdrs/job_status.lua"), "scenarios.sdrs.job_status");
  EXPECT_EQ(dotted_name("./scenarios/sdrs/job_status.lua"), "scenarios.sdrs.job_status");
  EXPECT_EQ(dotted_name("scenarios//x.lua"), "scenarios.x");
  EXPECT_EQ(dotted_name("x.lua"), "x");
  EXPECT_EQ(dotted_name("scenarios/x"), "scenarios.x");
  EXPECT_EQ(package_name("scenarios/sdrs/job_status.lua"), "scenarios");
  EXPECT_EQ(package_name("./repro/x.lua"), "repro");
  EXPECT_EQ(package_name("x.lua"), "scenarios");
}

TEST_F(JunitTest, WriteReplacesTheTargetAtomically) {
  const fs::path target = dir_ / "nested" / "reports" / "junit.xml";
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("first", Outcome::passed));
  write_junit(make_run({suite}), target);
  ASSERT_TRUE(fs::exists(target));

  suite.cases[0].name = "second";
  write_junit(make_run({suite}), target);
  std::stringstream content;
  content << std::ifstream(target).rdbuf();
  EXPECT_EQ(content.str(), render_junit(make_run({suite})));
  EXPECT_NE(content.str().find("second"), std::string::npos);

  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(target.parent_path()))
    left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"junit.xml"}) << "no temporary file left behind";
}

TEST_F(JunitTest, UnwritablePathThrowsWithThePath) {
  std::ofstream(dir_ / "plain-file") << "x";
  const fs::path under_file = dir_ / "plain-file" / "sub" / "junit.xml";
  try {
    write_junit(make_run({}), under_file);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(under_file.string()), std::string::npos) << e.what();
  }

  const fs::path is_dir = dir_ / "a-folder";
  fs::create_directories(is_dir);
  try {
    write_junit(make_run({}), is_dir);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(is_dir.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos) << "errno text: " << e.what();
  }
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir_)) left.push_back(entry.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"a-folder", "plain-file"}))
      << "temporary file removed on failure";
}

TEST_F(JunitTest, ReporterWritesAtRunEnd) {
  const fs::path target = dir_ / "out" / "junit.xml";
  JunitReporter reporter(target, {.hostname = "h"});
  SuiteResult suite = make_suite();
  suite.cases.push_back(make_case("ok", Outcome::passed));
  reporter.suite_starting(suite.file);
  reporter.case_ended(suite, suite.cases[0]);
  EXPECT_FALSE(fs::exists(target)) << "cumulative: nothing before the run ends";
  reporter.run_ended(make_run({suite}));
  std::stringstream content;
  content << std::ifstream(target).rdbuf();
  EXPECT_EQ(content.str(), render_junit(make_run({suite}), {.hostname = "h"}));
  expect_schema_valid(content.str());
}

}  // namespace
