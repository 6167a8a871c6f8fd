// Values a scenario can build that once crashed the harness (deep or cyclic tables, traps in metatables,
// deep JSON from a server, odd bytes): each must end as an outcome of its case, with file:line and, for
// tables, the JSON pointer of the problem.
#include <gtest/gtest.h>

#include "harness/script/world_script.hpp"
#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

// `deep(n)` builds {a = {a = ... {a = 1}}} with n tables; `cyclic()` a table whose `self` is itself.
const std::string kHelpers =
    "local function deep(n) local t = 1 for _ = 1, n do t = { a = t } end return t end\n"
    "local function cyclic() local t = {} t.self = t return t end\n";
constexpr int kFirstLine = 3;  // the first line after kHelpers

std::string pointer_of_a(int segments) {
  std::string pointer;
  for (int i = 0; i < segments; ++i) pointer += "/a";
  return pointer;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ScriptTest, ARequestBodyNestedTooDeepIsAnErrorWithItsPointer) {
  for (int levels : {20, 30, 100, 5000}) {
    auto suite =
        run(kHelpers + "case('deep body', function()\n  http.request('POST', '/v1/p/jobs', { body = deep(" +
            std::to_string(levels) + ") })\nend)\n");
    const auto& result = only_case(suite);
    if (levels <= 64) {
      EXPECT_EQ(result.outcome, Outcome::passed) << levels << ": " << result.message;
      continue;
    }
    EXPECT_EQ(result.outcome, Outcome::errored) << levels;
    EXPECT_EQ(result.message, at_line(kFirstLine + 1) +
                                  "http.request: body: nested deeper than 64 levels at " + pointer_of_a(64))
        << levels;
  }
}

TEST_F(ScriptTest, ABodyOf64LevelsIsSentWholeAndTheNextCaseStillRuns) {
  auto suite = run(kHelpers +
                   "case('sends', function()\n"
                   "  http.request('POST', '/v1/p/jobs', { body = deep(64) })\n"
                   "  local sent = fake.requests()[1].body\n"
                   "  expect(sent).equals(('{\"a\":'):rep(64) .. '1' .. ('}'):rep(64))\n"
                   "end)\n"
                   "case('after', function() expect(deep(20)).equals(deep(20)) end)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, AFaultBodyNestedTooDeepIsAnError) {
  auto suite = run(kHelpers +
                   "case('deep fault', function()\n  fake.fault { status = 200, body = deep(30) }\n"
                   "  fake.fault { status = 200, body = deep(65) }\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::errored);
  // The whole table is one spec (harness/fake/spec.hpp): the pointer starts at the table.
  EXPECT_EQ(result.message,
            at_line(kFirstLine + 2) + "fake.fault: nested deeper than 64 levels at /body" + pointer_of_a(63));
}

TEST_F(ScriptTest, ConformsOnATableNestedTooDeepIsASchemaFailure) {
  auto suite =
      run(kHelpers +
          "case('deep conforms', function()\n  expect(deep(30)).conforms('sdrs/job_status')\n"
          "end)\ncase('deeper', function()\n  expect(deep(100)).conforms('sdrs/job_status')\nend)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[0].type, "schema");
  EXPECT_EQ(suite.cases[1].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[1].message, at_line(kFirstLine + 4) +
                                        "sdrs/job_status: the value has no JSON form: nested deeper than 64 "
                                        "levels at " +
                                        pointer_of_a(64));
}

TEST_F(ScriptTest, EqualsOnDeepTablesComparesUpTo64LevelsAndStopsBeyond) {
  auto suite = run(kHelpers +
                   "case('equal', function() expect(deep(64)).equals(deep(64)) end)\n"
                   "case('differ', function()\n  expect(deep(30)).equals(deep(29))\nend)\n"
                   "case('too deep', function()\n  expect(deep(100)).equals(deep(100))\nend)\n"
                   "case('too deep to show', function()\n  expect(deep(100)).equals(1)\nend)\n");
  ASSERT_EQ(suite.cases.size(), 4u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::failed);
  EXPECT_TRUE(contains(suite.cases[1].message, "(they differ at " + pointer_of_a(29) + ")"))
      << suite.cases[1].message;
  EXPECT_EQ(suite.cases[2].outcome, Outcome::errored);
  EXPECT_EQ(
      suite.cases[2].message,
      at_line(kFirstLine + 5) + "expect(...).equals: nested deeper than 64 levels at " + pointer_of_a(64));
  EXPECT_EQ(suite.cases[3].outcome, Outcome::failed);
  EXPECT_EQ(
      suite.cases[3].message.rfind(at_line(kFirstLine + 8) + "expected 1, got a table (nested deeper than 64 "
                                                             "levels at /a/a/a",
                                   0),
      0u)
      << suite.cases[3].message;
}

TEST_F(ScriptTest, CyclicTablesAreNamedWhereverTheyGo) {
  auto suite =
      run(kHelpers +
          "case('equals', function()\n  expect(cyclic()).equals(cyclic())\nend)\n"
          "case('message', function()\n  expect(cyclic()).equals(1)\nend)\n"
          "case('conforms', function()\n  expect({ x = cyclic() }).conforms('sdrs/job_status')\nend)\n"
          "case('body', function()\n  http.request('POST', '/v1/p/jobs', { body = cyclic() })\nend)\n"
          "case('same table', function() local t = cyclic() expect(t).equals(t) end)\n"
          "case('shared, not cyclic', function()\n"
          "  local t = { 1 } expect({ t, t }).equals({ { 1 }, { 1 } })\nend)\n");
  ASSERT_EQ(suite.cases.size(), 6u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[0].message, at_line(kFirstLine + 1) + "expect(...).equals: cyclic table at /self");
  EXPECT_EQ(suite.cases[1].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[1].message,
            at_line(kFirstLine + 4) + "expected 1, got a table (cyclic table at /self)");
  EXPECT_EQ(suite.cases[2].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[2].message,
            at_line(kFirstLine + 7) + "sdrs/job_status: the value has no JSON form: cyclic table at /x/self");
  EXPECT_EQ(suite.cases[3].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[3].message, at_line(kFirstLine + 10) + "http.request: body: cyclic table at /self");
  EXPECT_EQ(suite.cases[4].outcome, Outcome::passed) << suite.cases[4].message;
  EXPECT_EQ(suite.cases[5].outcome, Outcome::passed) << suite.cases[5].message;
}

TEST_F(ScriptTest, AnErrorObjectWithATrapInItsMetatableIsReportedNotRun) {
  auto suite =
      run("case('raising index', function()\n"
          "  error(setmetatable({}, { __index = function() error('trap') end }))\nend)\n"
          "case('looping index', function()\n"
          "  error(setmetatable({}, { __index = function(t, k) return t[k] end }))\nend)\n"
          "case('a forged failure', function()\n"
          "  error(setmetatable({ harness_error = 'failure', message = 'forged' }, { __index = error "
          "}))\nend)\n");
  ASSERT_EQ(suite.cases.size(), 3u);
  for (int i : {0, 1}) {
    EXPECT_EQ(suite.cases[i].outcome, Outcome::errored) << i;
    EXPECT_EQ(suite.cases[i].type, "script") << i;
    EXPECT_EQ(suite.cases[i].message, at_line(2 + 3 * i) + "error object is a table: {}") << i;
  }
  EXPECT_EQ(suite.cases[2].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[2].message, "forged");
}

TEST_F(ScriptTest, ATableErrorObjectIsReportedWithItsContentAndWhereItWasRaised) {
  auto suite =
      run("local function fail() error({ code = 7 }) end\n"
          "case('table', function()\n  fail()\nend)\n"
          "case('boolean', function()\n  error(false)\nend)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[0].message, at_line(1) + "error object is a table: {\"code\":7}");
  EXPECT_TRUE(contains(suite.cases[0].detail, "stack traceback")) << suite.cases[0].detail;
  EXPECT_TRUE(contains(suite.cases[0].detail, at_line(3).substr(0, at_line(3).size() - 1)))
      << suite.cases[0].detail;
  EXPECT_EQ(suite.cases[1].message, at_line(6) + "error object is a boolean: false");
}

TEST_F(ScriptTest, AResponseNestedTooDeepHasNoJsonButAJsonError) {
  auto suite = run(
      "case('deep response', function()\n"
      "  fake.fault { path = '/v1/p/deep', status = 200, body = ('['):rep(50000) .. (']'):rep(50000) }\n"
      "  local res = http.get('/v1/p/deep')\n"
      "  expect(res.status).equals(200)\n"
      "  expect(res.json).equals(nil)\n"
      "  expect(res.json_error).equals('the body is nested deeper than 64 levels at ' .. ('/0'):rep(64))\n"
      "  local ok, err = pcall(function() expect(res).conforms('sdrs/job_status') end)\n"
      "  expect(ok).equals(false)\n"
      "end)\n"
      "case('64 levels', function()\n"
      "  fake.fault { path = '/v1/p/deep', status = 200, body = ('['):rep(64) .. (']'):rep(64) }\n"
      "  local res = http.get('/v1/p/deep')\n"
      "  expect(res.json_error).equals(nil)\n"
      "  local depth, t = 0, res.json\n"
      "  while type(t) == 'table' do depth, t = depth + 1, t[1] end\n"
      "  expect(depth).equals(64)\n"
      "end)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, AByteOrderMarkIsSkippedAndLinesStayRight) {
  auto suite = run("\xEF\xBB\xBF-- a file saved with a BOM\ncase('bom', function()\n  error('here')\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::errored);
  EXPECT_EQ(result.message, at_line(3) + "here");
}

TEST_F(ScriptTest, NulBytesAreKeptInTitlesAndOutput) {
  auto suite = run("case('a\\0b', function() print('x\\0y', 'z') end)\ncase('a\\0c', function() end)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].name, std::string("a\0b", 3));
  EXPECT_EQ(suite.cases[1].name, std::string("a\0c", 3));
  EXPECT_EQ(suite.cases[0].output, std::string("x\0y\tz\n", 6));
}

TEST_F(ScriptTest, ARaisingTostringInPrintIsAnErrorOfTheCase) {
  auto suite =
      run("case('tostring', function()\n"
          "  print(setmetatable({}, { __tostring = function() error('no text') end }))\nend)\n"
          "case('name', function()\n  print(setmetatable({}, { __name = {} }))\nend)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[0].message, at_line(2) + "no text");
  EXPECT_NE(suite.cases[1].outcome, Outcome::errored) << suite.cases[1].message;
}

TEST_F(ScriptTest, BytesThatAreNotUtf8NeverEscapeAsExceptions) {
  auto suite = run(
      "case('in a message', function()\n  expect('\\255').equals('x')\nend)\n"
      "case('in a body', function()\n  http.request('POST', '/v1/p/jobs', { body = { name = '\\255' } "
      "})\nend)\n"
      "case('in a fault body', function()\n  fake.fault { status = 200, body = { name = '\\255' } }\nend)\n"
      "case('as a raw body', function()\n  http.request('POST', '/v1/p/jobs', { body = '\\255' })\nend)\n");
  ASSERT_EQ(suite.cases.size(), 4u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::failed);
  EXPECT_EQ(suite.cases[0].message, at_line(2) + "expected \"x\", got \"\xEF\xBF\xBD\"");
  EXPECT_EQ(suite.cases[1].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[1].message.rfind(at_line(5) + "http.request: body: a string is not valid UTF-8", 0),
            0u)
      << suite.cases[1].message;
  EXPECT_EQ(suite.cases[2].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[2].message.rfind(at_line(8) + "fake.fault: body: a string is not valid UTF-8", 0), 0u)
      << suite.cases[2].message;
  EXPECT_EQ(suite.cases[3].outcome, Outcome::passed) << suite.cases[3].message;
}

// The fake server's part (answering such a path without throwing) belongs to harness/fake/; the script side
// must record and report the exchange whatever the bytes.
TEST_F(ScriptTest, APathThatIsNotUtf8GetsAnAnswerAndAReport) {
  auto suite =
      run("case('in a path', function()\n  local res = http.get('/v1/p/jobs/\\255')\n"
          "  print(res.status, res.body)\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
  EXPECT_TRUE(contains(result.output, "> GET /v1/p/jobs/\xFF")) << result.output;
}

// Lua runs __gc finalizers with hooks off, so no deadline could stop an endless one (at a collection, or when
// the state closes after the last case): such a metatable is refused.
TEST_F(ScriptTest, AFinalizerIsRefusedSinceNoDeadlineCouldStopIt) {
  auto suite =
      run("case('gc', function()\n"
          "  setmetatable({}, { __gc = function() while true do end end })\nend)\n"
          "case('late gc', function()\n"
          "  local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end\n"
          "  collectgarbage()\nend)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(
      suite.cases[0].message,
      at_line(2) + "setmetatable: a metatable with __gc is refused (finalizers run outside every limit)");
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, AWorldFileWhoseErrorObjectIsATrapIsRefusedWithItsLine) {
  file_ = (dir_ / "world.lua").string();
  std::ofstream(file_) << "fake.job { job_type = 'x', timeline = { 'INIT' } }\n"
                          "error(setmetatable({}, { __index = function() error('trap') end }))\n";
  harness::script::ScenarioEnv env{&world_, client_, fixtures_, harness::script::kDefaultProjectId, {}};
  try {
    harness::script::WorldScript world(file_, env);
    ADD_FAILURE() << "the world file loaded";
  } catch (const harness::script::WorldScriptError& e) {
    EXPECT_EQ(std::string(e.what()), at_line(2) + "error object is a table: {}");
  }
}

// Found by fuzz_lua: a count or a delay beyond what an int or the clock holds was cast anyway (undefined).
TEST_F(ScriptTest, FaultCountsAndDelaysBeyondTheirRangeAreErrorsOfTheCase) {
  for (const char* field : {"times = 1e99", "nth = 2^31", "every = 1e300", "after = 1e99", "delay = 1e300"}) {
    auto suite = run(std::string("case('big', function()\n  fake.fault { path = '/x', status = 503, ") +
                     field + " }\nend)\n");
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, harness::report::Outcome::errored) << field;
    EXPECT_NE(result.message.find(at_line(2) + "fake.fault: "), std::string::npos) << result.message;
    EXPECT_NE(result.message.find(" to "), std::string::npos) << result.message;
  }
}

// A clock step beyond what the clock holds (1e300 seconds) was rounded to an integer anyway (unspecified).
TEST_F(ScriptTest, AClockStepBeyondItsRangeIsAnErrorOfTheCase) {
  for (const char* seconds : {"1e300", "-1", "0/0"}) {
    auto suite = run(std::string("case('far', function()\n  fake.clock.advance(") + seconds + ")\nend)\n");
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, harness::report::Outcome::errored) << seconds;
    EXPECT_NE(result.message.find(at_line(2) +
                                  "fake.clock.advance: seconds: must be a number of seconds from 0 to 1e9"),
              std::string::npos)
        << result.message;
  }
}

}  // namespace
