// -k and --tag expressions: precedence, phrases, quotes, and errors that name the column.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "harness/runner/runner.hpp"
#include "harness/runner/select_expression.hpp"

using harness::runner::case_filter;
using harness::runner::ConfigError;
using harness::runner::ExpressionError;
using harness::runner::SelectExpression;

namespace {

// Evaluates `expression` with the terms in `present` holding.
bool holds(const std::string& expression, const std::set<std::string>& present) {
  return SelectExpression::parse(expression).matches([&](const std::string& term) {
    return present.count(term) > 0;
  });
}

std::size_t column_of(const std::string& expression) {
  try {
    SelectExpression::parse(expression);
  } catch (const ExpressionError& e) {
    return e.column();
  }
  ADD_FAILURE() << expression << " parsed";
  return 0;
}

}  // namespace

TEST(SelectExpression, NotBindsTighterThanAndTighterThanOr) {
  EXPECT_TRUE(holds("a or b and c", {"a"}));   // a or (b and c)
  EXPECT_FALSE(holds("a and b or c", {"a"}));  // (a and b) or c
  EXPECT_TRUE(holds("not a and b", {"b"}));    // (not a) and b
  EXPECT_FALSE(holds("not (a or b)", {"b"}));
  EXPECT_TRUE(holds("not not a", {"a"}));
  EXPECT_TRUE(holds("(a or b) and not (c or d)", {"b"}));
  EXPECT_FALSE(holds("(a or b) and not (c or d)", {"b", "d"}));
}

TEST(SelectExpression, NeighbouringWordsAreOnePhraseAndQuotesHoldKeywords) {
  EXPECT_TRUE(holds("unknown   job", {"unknown job"}));
  EXPECT_FALSE(holds("unknown job", {"unknown", "job"}));
  EXPECT_TRUE(holds("\"not found\" and 'a (b)'", {"not found", "a (b)"}));
  EXPECT_TRUE(holds("AND", {"AND"}));  // keywords are lower case only
}

TEST(SelectExpression, ErrorsNameTheColumn) {
  EXPECT_EQ(column_of(""), 1u);
  EXPECT_EQ(column_of("sdrs and"), 9u);  // the end
  EXPECT_EQ(column_of("a and (b or c"), 7u);
  EXPECT_EQ(column_of("a) or b"), 2u);
  EXPECT_EQ(column_of("a or or b"), 6u);
  EXPECT_EQ(column_of("x 'unterminated"), 3u);
  EXPECT_EQ(column_of("\"a\" b"), 5u);
  try {
    SelectExpression::parse("a and (b or c");
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_STREQ(e.what(), "'(' at column 7 is never closed");
  }
}

TEST(SelectExpression, DeepNestingIsAnErrorNotACrash) {
  EXPECT_THROW(SelectExpression::parse(std::string(100000, '(') + "a"), ExpressionError);
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "not ";
  EXPECT_THROW(SelectExpression::parse(nots + "a"), ExpressionError);
}

TEST(CaseFilter, KeywordsMatchTitleOrPathIgnoringCaseAndTagsExactly) {
  const auto chosen = case_filter({"sdrs and not paging"}, {"not slow"});
  EXPECT_TRUE(chosen("scenarios/sdrs/jobs.lua", "a job", {}));
  EXPECT_FALSE(chosen("scenarios/sdrs/jobs.lua", "a Paging walk", {}));
  EXPECT_FALSE(chosen("scenarios/sdrs/jobs.lua", "a job", {"slow"}));
  EXPECT_FALSE(chosen("scenarios/kps/tasks.lua", "a job", {}));
  EXPECT_TRUE(case_filter({"SDRS"}, {})("x.lua", "the sdrs pages", {}));
  EXPECT_FALSE(case_filter({}, {"slo"})("x.lua", "t", {"slow"}));  // a tag is a whole word
}

TEST(CaseFilter, RepeatedOptionsAreAnyOfAndNoneIsEveryCase) {
  const auto chosen = case_filter({"alpha", "beta"}, {});
  EXPECT_TRUE(chosen("x.lua", "beta case", {}));
  EXPECT_FALSE(chosen("x.lua", "gamma case", {}));
  EXPECT_FALSE(static_cast<bool>(case_filter({}, {})));
}

TEST(CaseFilter, ABadExpressionIsAConfigErrorNamingTheOption) {
  try {
    case_filter({}, {"slow and"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "--tag \"slow and\": expected a word, 'not' or '(' at column 9, found the end");
  }
}
