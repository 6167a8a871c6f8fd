// The HTML report: escaping, transcripts as tables, the violation's pointer marked, failures first and open,
// and a 10,000-case page written fast.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "harness/report/html_exchange.hpp"
#include "harness/report/html_report.hpp"
#include "harness/report/html_text.hpp"

using namespace harness::report;

namespace {

const char* kTranscript =
    "> GET /v1/p/jobs/1\n"
    "> User-Agent: harness/0.1.0\n"
    "< 200 (0.4 ms)\n"
    "< Content-Type: application/json\n"
    "\n"
    "{\"a\":{\"b/c\":[1,{\"d\":\"<x>\"}]},\"e\":2}\n"
    "\n";

RunResult run_of(std::size_t cases) {
  RunResult run;
  SuiteResult suite;
  suite.file = "scenarios/x.lua";
  for (std::size_t i = 0; i < cases; ++i) {
    CaseResult result;
    result.name = "case " + std::to_string(i);
    result.output = kTranscript;
    if (i % 100 == 7) {
      result.outcome = Outcome::failed;
      result.message = "scenarios/x.lua:9: sdrs/job_status: /a/b~1c/1/d: bad";
      result.detail = result.message +
                      "\n\nfixture: f\n  /a/b~1c/1/d: bad\n\nlast HTTP exchange of the case:\n" + kTranscript;
    }
    suite.cases.push_back(std::move(result));
  }
  run.suites.push_back(std::move(suite));
  return run;
}

}  // namespace

TEST(ReportHtml, EscapesMarkupControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(html("</script><img onerror='x'>&\"\x01\xff"),
            "&lt;/script&gt;&lt;img onerror=&#39;x&#39;&gt;&amp;&quot;\\x01\xef\xbf\xbd");
}

TEST(ReportHtml, MarksTheValueAtTheViolationsPointer) {
  const auto pointers = violation_pointers("msg\n\nfixture: f\n  /a/b~1c/1/d: bad\n  /e: also\nnot /x: this");
  ASSERT_EQ(pointers, (std::vector<std::string>{"/a/b~1c/1/d", "/e"}));
  const auto body = json_body_html(R"({"a":{"b/c":[1,{"d":"<x>"}]},"e":2})", pointers);
  EXPECT_NE(
      body.find(
          R"(<mark class="ptr" title="/a/b~1c/1/d"><span class="js">&quot;&lt;x&gt;&quot;</span></mark>)"),
      std::string::npos)
      << body;
  EXPECT_NE(body.find(R"(<mark class="ptr" title="/e"><span class="jv">2</span></mark>)"), std::string::npos);
  EXPECT_TRUE(json_body_html("{not json", pointers).empty());
}

TEST(ReportHtml, TranscriptHeadsBecomeTables) {
  std::string out;
  append_transcripts_html(out, std::string("printed <line>\n") + kTranscript, {});
  EXPECT_NE(out.find("<pre class=\"text\">printed &lt;line&gt;</pre>"), std::string::npos) << out;
  EXPECT_NE(out.find("<div class=\"reqline\">GET /v1/p/jobs/1</div>"), std::string::npos);
  EXPECT_NE(out.find("<tr><th>User-Agent</th><td>harness/0.1.0</td></tr>"), std::string::npos);
  EXPECT_NE(out.find("<div class=\"status s2\">200 (0.4 ms)</div>"), std::string::npos);
  EXPECT_NE(out.find("<tr><th>Content-Type</th><td>application/json</td></tr>"), std::string::npos);
  EXPECT_NE(out.find("response body (JSON, 35 bytes)"), std::string::npos);
}

TEST(ReportHtml, FailuresComeFirstAndOpenPassingCasesCollapsed) {
  const auto page = write_html(run_of(10), {"harness run <x>", ""});
  const auto failures = page.find("<section id=\"problems\">");
  const auto failing = page.find("<details class=\"case failed\" data-outcome=\"failed\" id=\"case-8\"");
  const auto others = page.find("<section id=\"others\">");
  ASSERT_NE(failing, std::string::npos);
  EXPECT_LT(failures, failing);
  EXPECT_LT(failing, others);
  EXPECT_NE(page.find("<span class=\"loc\">scenarios/x.lua:9</span>"), std::string::npos);
  EXPECT_NE(page.find("<code>harness run &lt;x&gt;</code>"), std::string::npos);
  EXPECT_NE(page.find("id=\"case-1\" data-text=\"case 0\nscenarios/x.lua\n\"><summary>"), std::string::npos);
  EXPECT_NE(page.find("<mark class=\"ptr\""), std::string::npos);
}

TEST(ReportHtml, TenThousandCasesAreWrittenQuickly) {
#ifdef NDEBUG
  const std::size_t cases = 10'000;
  const double limit = 1.0;
#else  // a sanitizer build is some 30 times slower: a tenth of the cases, to stay fast in CI
  const std::size_t cases = 1'000;
  const double limit = 5.0;
#endif
  const auto run = run_of(cases);
  const auto started = std::chrono::steady_clock::now();
  const auto page = write_html(run, {"harness run", ""});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << cases << " cases: " << page.size() << " bytes in " << seconds << " s\n";
  EXPECT_LT(seconds, limit);
}
