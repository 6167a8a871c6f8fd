// soft(fn): every failed expectation of a block in one failure, each with its file:line.
#include <gtest/gtest.h>

#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

TEST_F(ScriptTest, SoftReportsEveryFailingRowInOneFailure) {
  auto suite =
      run("case('matrix', function()\n"
          "  soft(function()\n"
          "    for _, row in ipairs { { 200, 200 }, { 404, 200 }, { 503, 503 }, { 500, 400 } } do\n"
          "      expect(row[1], 'row ' .. row[2]).equals(row[2])\n"
          "    end\n"
          "    expect('x').matches('^%d$')\n"
          "  end)\n"
          "  error('not reached: soft fails the case when it ends')\n"
          "end)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed) << result.message;
  EXPECT_EQ(result.type, "expectation");
  EXPECT_EQ(result.message,
            at_line(4) + "row 200: expected 200, got 404 (and 2 more in soft() at " + file_ + ":2)");
  EXPECT_EQ(result.detail, at_line(2) + "soft(): 3 expectations failed:\n  " + at_line(4) +
                               "row 200: expected 200, got 404\n  " + at_line(4) +
                               "row 400: expected 400, got 500\n  " + at_line(6) +
                               "expected a string matching the Lua pattern \"^%d$\", got \"x\"");
}

TEST_F(ScriptTest, SoftThatPassesLetsTheCaseGoOn) {
  auto suite =
      run("case('ok', function()\n"
          "  soft(function() expect(1).equals(1) end)\n"
          "  expect(2).equals(3)\n"
          "end)\n");
  EXPECT_EQ(only_case(suite).message, at_line(3) + "expected 3, got 2");
}

TEST_F(ScriptTest, AnErrorInsideSoftStopsItAndKeepsWhatFailedBefore) {
  auto suite =
      run("case('err', function()\n"
          "  soft(function()\n"
          "    expect(1).equals(2)\n"
          "    error('boom')\n"
          "  end)\n"
          "end)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::errored);
  EXPECT_EQ(result.message, at_line(4) + "boom");
  EXPECT_NE(result.output.find("1 expectation(s) failed before an error stopped the block:\n  " + at_line(3) +
                               "expected 2, got 1"),
            std::string::npos)
      << result.output;
}

TEST_F(ScriptTest, SoftOutsideAnySoftRaisesAtOnceAgain) {
  // After a soft block, an expectation stops the case at once, and a nested soft adds to the outer one.
  auto suite =
      run("case('after', function()\n"
          "  pcall(soft, function() expect(1).equals(2) end)\n"
          "  local ok = pcall(function() expect(1).equals(2) end)\n"
          "  expect(ok).equals(false)\n"
          "  soft(function() soft(function() expect(1).equals(2) end) expect(3).equals(4) end)\n"
          "end)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.message, at_line(5) + "expected 2, got 1 (and 1 more in soft() at " + file_ + ":5)");
}

}  // namespace
