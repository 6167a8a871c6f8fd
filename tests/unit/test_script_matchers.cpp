// The matchers beyond equals: each passes where it should and fails with "file:line: expected ..., got ...".
#include <gtest/gtest.h>

#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

class Matchers : public ScriptTest {
 protected:
  // Runs `line` alone in a case (at line 2) and gives its result.
  harness::report::CaseResult one(const std::string& line) {
    suite_ = run("case('c', function()\n" + line + "\nend)\n");
    return only_case(suite_);
  }
  void passes(const std::string& line) {
    auto result = one(line);
    EXPECT_EQ(result.outcome, Outcome::passed) << line << "\n" << result.message;
  }
  void fails(const std::string& line, const std::string& message) {
    auto result = one(line);
    EXPECT_EQ(result.outcome, Outcome::failed) << line << "\n" << result.message;
    EXPECT_EQ(result.type, "expectation") << line;
    EXPECT_EQ(result.message, at_line(2) + message) << line;
  }
  void errs(const std::string& line, const std::string& message) {
    auto result = one(line);
    EXPECT_EQ(result.outcome, Outcome::errored) << line;
    EXPECT_EQ(result.message, at_line(2) + message) << line;
  }
  harness::report::SuiteResult suite_;
};

TEST_F(Matchers, NotEquals) {
  passes("expect(200).not_equals(404)");
  passes("expect({ a = 1 }).not_equals({ a = 2 })");
  fails("expect({ a = 1 }).not_equals({ a = 1 })", R"(expected a value other than {"a":1}, got {"a":1})");
}

TEST_F(Matchers, MatchesALuaPattern) {
  passes("expect('1523342130000').matches('^%d+$')");
  fails("expect('15x').matches('^%d+$')", R"(expected a string matching the Lua pattern "^%d+$", got "15x")");
  fails("expect(15).matches('^%d+$')", R"(expected a string matching the Lua pattern "^%d+$", got 15)");
  errs("expect('x').matches('%')",
       R"(expect(...).matches: bad pattern "%": malformed pattern (ends with '%'))");
  passes("string.find = nil\nexpect('abc').matches('b')");  // the sandbox's own string.find
}

TEST_F(Matchers, ContainsASubstringAnElementOrASubset) {
  passes(R"(expect('{"tasks":[]}').contains('"tasks":[]'))");  // plain: [ is no pattern here
  fails("expect('abc').contains('x')", R"(expected a string containing "x", got "abc")");
  passes("expect({ 'a', 'b' }).contains('b')");
  fails("expect({ 'a', 'b' }).contains('c')",
        R"(expected a list with an element equal to "c", got ["a","b"])");
  passes("expect({ { id = 1, n = 'x' }, { id = 2, n = 'y' } }).contains({ id = 2 })");
  fails("expect({ { id = 1 } }).contains({ id = 2 })",
        R"(expected a list with an element holding {"id":2}, got [{"id":1}])");
  passes("expect({ a = 1, b = { c = 2 }, d = 3 }).contains({ b = { c = 2 }, a = 1 })");
  fails("expect({ a = 1, b = { c = 2 } }).contains({ b = { c = 3 } })",
        R"(expected a table holding {"b":{"c":3}}, got {"a":1,"b":{"c":2}} (they differ at /b/c))");
  fails("expect(7).contains(7)", "expected a string or a table containing 7, got 7");
  errs("expect('abc').contains(1)", "expect(...).contains: a string contains only strings, got 1");
}

TEST_F(Matchers, Bounds) {
  passes("expect(3).at_least(3)\nexpect(2.5).at_most(3)\nexpect(3).between(1, 3)");
  fails("expect(2).at_least(3)", "expected a number at least 3, got 2");
  fails("expect(4).at_most(3)", "expected a number at most 3, got 4");
  fails("expect(0).between(1, 3)", "expected a number between 1 and 3, got 0");
  fails("expect('5').at_least(3)", R"(expected a number at least 3, got "5")");
  errs("expect(2).between(3, 1)", "expect(...).between: the low bound 3 is above the high bound 1");
}

TEST_F(Matchers, Near) {
  passes("expect(0.1 + 0.2).near(0.3, 1e-9)");
  fails("expect(1.5).near(1, 0.25)", "expected a number within 0.25 of 1, got 1.5");
  errs("expect(1).near(1, -1)", "expect(...).near: the tolerance must be a number >= 0");
}

TEST_F(Matchers, HasType) {
  passes("expect('x').has_type('string')\nexpect(null).has_type('null')\nexpect(1).has_type('integer')");
  passes("expect(1.5).has_type('float')\nexpect(1.5).has_type('number')\nexpect(nil).has_type('nil')");
  fails("expect(42).has_type('string')", R"(expected a value of type "string", got 42 (a number))");
  fails("expect(1.5).has_type('integer')", R"(expected a value of type "integer", got 1.5 (a float))");
  fails("expect(null).has_type('table')", R"(expected a value of type "table", got null (a null))");
}

TEST_F(Matchers, HasUnknownTypeNameIsAScriptError) {
  errs(
      "expect(1).has_type('int')",
      R"(expect(...).has_type: "int" is not one of nil, boolean, number, integer, float, string, table, function, null)");
}

TEST_F(Matchers, HasAKeyOrAPointer) {
  passes("expect({ a = null }).has('a')\nexpect({ 'x' }).has(1)");
  fails("expect({ a = 1 }).has('b')", R"(expected a table with the key "b", got {"a":1})");
  passes("expect({ tasks = { { task_id = 'a/b' } } }).has('/tasks/0/task_id')");
  passes("expect({ ['a/b'] = { ['~'] = 1 } }).has('/a~1b/~0')");
  fails("expect({ tasks = {} }).has('/tasks/0/task_id')",
        R"(expected a value at /tasks/0/task_id, got {"tasks":{}} (nothing at /tasks/0))");
  fails("expect({ a = 1 }).has('/a/b')",
        R"(expected a value at /a/b, got {"a":1} (nothing at /a/b: /a is not a table))");
}

TEST_F(Matchers, ALabelNamesTheRowInTheMessage) {
  fails("expect(404, 'GET /jobs/x').equals(200)", "GET /jobs/x: expected 200, got 404");
  fails("expect(1, 'row 3').at_least(2)", "row 3: expected a number at least 2, got 1");
  fails("expect(false, { 'not a label' }).equals(true)", "expected true, got false");
}

TEST_F(Matchers, EmptyArrayIsJsonArrayAndEqualsAnEmptyTable) {
  passes("expect({}).equals(empty_array)\nexpect(empty_array).equals({})");
  fails("expect({ 1 }).equals(empty_array)", "expected [], got [1]");
  fails("expect({ a = {} }).equals({ a = empty_array, b = 1 })",
        R"(expected {"a":[],"b":1}, got {"a":{}} (they differ at /b))");
  passes("expect(tostring(empty_array)).equals('empty_array')");
}

}  // namespace
