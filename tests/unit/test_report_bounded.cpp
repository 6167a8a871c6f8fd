// No text of the report passes 1 MB (libxml2 refuses text nodes over 10 MB without --huge), whatever a case
// printed or failed with; the start and the end of a long text are kept, with a line saying what was left
// out.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>

#include "harness/report/bounded_text.hpp"
#include "harness/report/junit_writer.hpp"

using namespace harness::report;

namespace {

std::size_t longest_text(pugi::xml_node node) {
  std::size_t longest = 0;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      longest = std::max(longest, std::string(child.value()).size());
    longest = std::max(longest, longest_text(child));
  }
  return longest;
}

}  // namespace

TEST(ReportBounded, ShortTextPassesUnchanged) {
  EXPECT_EQ(keep_within("abc", 10), "abc");
  EXPECT_EQ(keep_within(std::string(10, 'a'), 10), std::string(10, 'a'));
}

TEST(ReportBounded, LongTextKeepsItsStartAndEndWithinTheLimit) {
  std::string text = "FIRST" + std::string(5'000'000, '.') + "LAST";
  const std::string kept = keep_within(text, 1'000'000);
  EXPECT_LE(kept.size(), 1'000'000u);
  EXPECT_GT(kept.size(), 900'000u);
  EXPECT_EQ(kept.rfind("FIRST", 0), 0u);
  EXPECT_EQ(kept.substr(kept.size() - 4), "LAST");
  EXPECT_NE(kept.find(" bytes not shown (a report text keeps at most 1000000 bytes)"), std::string::npos);
}

TEST(ReportBounded, ACutNeverSplitsAUtf8Character) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "\xE2\x82\xAC";  // U+20AC, three bytes each
  const std::string kept = keep_within(text, 301);
  const auto marker = kept.find("\n...");
  ASSERT_NE(marker, std::string::npos);
  EXPECT_EQ(marker % 3, 0u) << "the head ends inside a character";
  const auto after = kept.find("...\n", marker + 4) + 4;
  EXPECT_EQ((kept.size() - after) % 3, 0u) << "the tail starts inside a character";
}

TEST(ReportBounded, TheJunitReportHasNoTextOverOneMegabyte) {
  RunResult run;
  SuiteResult suite;
  suite.file = "scenarios/big.lua";
  suite.timestamp = "2025-01-31T12:00:00";
  for (int i = 0; i < 3; ++i) {
    CaseResult result;
    result.name = "case " + std::to_string(i);
    result.outcome = Outcome::errored;
    result.type = "script";
    result.message = "scenarios/big.lua:1: boom";
    result.detail = result.message + "\n" + std::string(1'500'000, 'd');
    result.output = std::string(2'000'000, 'o') + "\n";
    suite.cases.push_back(result);
  }
  suite.error_output = std::string(3'000'000, 'e');
  run.suites.push_back(suite);
  const std::string xml = render_junit(run);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size()));
  EXPECT_LE(longest_text(doc), kMaxTextBytes);
  EXPECT_LT(xml.size(), 6'000'000u);
  EXPECT_NE(xml.find("bytes not shown"), std::string::npos);
  EXPECT_NE(xml.find("scenarios/big.lua:1: boom"), std::string::npos);
}

TEST(ReportBounded, BuilderFedInPiecesGivesWhatKeepWithinGivesTheWhole) {
  // Pieces of every size around the limits, with three-byte characters that a cut could split.
  for (const std::size_t max : {std::size_t{0}, std::size_t{50}, std::size_t{301}, std::size_t{4096}}) {
    for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{500}, std::size_t{10'000}}) {
      std::string whole;
      BoundedTextBuilder builder(max);
      for (int i = 0; whole.size() < 20'000; ++i) {
        std::string next = std::to_string(i) + "\xE2\x82\xAC";
        while (next.size() < piece) next += next;
        next.resize(piece);
        whole += next;
        builder.append(next);
        if (i % 97 == 0) {
          ASSERT_EQ(builder.text(), keep_within(whole, max)) << max << " " << piece << " " << i;
        }
      }
      EXPECT_EQ(builder.text(), keep_within(whole, max)) << max << " " << piece;
    }
  }
}

TEST(ReportBounded, BuilderOfNothingIsEmpty) {
  BoundedTextBuilder builder;
  EXPECT_TRUE(builder.empty());
  EXPECT_EQ(builder.text(), "");
  builder.append("");
  EXPECT_EQ(builder.text(), "");
}
