// expect(value [, label]) returns an object whose matchers are made when the script reads them (not eleven
// closures per expect() call): each one still closes over its own value and label, whenever it is called.
#include <gtest/gtest.h>

#include "tests/unit/script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

class ExpectationObject : public ScriptTest {
 protected:
  harness::report::CaseResult one(const std::string& body) {
    suite_ = run("case('c', function()\n" + body + "\nend)\n");
    return only_case(suite_);
  }
  harness::report::SuiteResult suite_;
};

TEST_F(ExpectationObject, EveryMatcherIsThere) {
  const auto result =
      one("local job = fake.job { job_type = 'createProtectionGroupNoCG', timeline = { 'RUNNING' } }\n"
          "local res = http.get('/v1/' .. project_id .. '/jobs/' .. job.job_id)\n"
          "expect(res).conforms('sdrs/job_status')\n"
          "expect(1).equals(1); expect(1).not_equals(2); expect('abc').matches('^a')\n"
          "expect('abc').contains('b'); expect(2).at_least(1); expect(2).at_most(3)\n"
          "expect(2).between(1, 3); expect(1.0).near(1, 0.1); expect('s').has_type('string')\n"
          "expect({ a = 1 }).has('a')");
  EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
}

TEST_F(ExpectationObject, AMatcherKeepsItsValueAndLabelWhenCalledLater) {
  const auto result =
      one("local first, second = expect(1, 'first'), expect(2, 'second')\n"
          "local equals_one = first.equals\n"
          "second.equals(2)\n"
          "equals_one(1)\n"
          "expect(first.equals).has_type('function')\n"
          "first.equals(3)");
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.message, at_line(7) + "first: expected 3, got 1");
}

TEST_F(ExpectationObject, AValueOfNilAndAMatcherReadTwice) {
  const auto result =
      one("local e = expect(nil)\n"
          "e.equals(nil)\n"
          "e.equals(nil)\n"
          "expect(e.equals ~= nil).equals(true)");
  EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
}

TEST_F(ExpectationObject, AnUnknownMatcherIsNilAndItsMetatableIsHidden) {
  auto result = one("expect(getmetatable(expect(1))).equals(false)\nexpect(expect(1).nope).equals(nil)");
  EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
  result = one("expect(1).nope(2)");
  EXPECT_EQ(result.outcome, Outcome::errored);
  EXPECT_NE(result.message.find("attempt to call a nil value (field 'nope')"), std::string::npos)
      << result.message;
}

TEST_F(ExpectationObject, ArgumentErrorsStillNameTheMatcher) {
  const auto result = one("expect({}).conforms()");
  EXPECT_EQ(result.outcome, Outcome::errored);
  EXPECT_NE(result.message.find("bad argument #1 to 'conforms' (string expected, got no value)"),
            std::string::npos)
      << result.message;
}

}  // namespace
