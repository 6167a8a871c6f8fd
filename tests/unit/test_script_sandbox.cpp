// The Lua bridge: sandbox, deadlines, memory cap, and messages that name file and line.
#include <gtest/gtest.h>

#include "script_test_fixture.hpp"

namespace {

using harness::report::CaseResult;
using harness::report::Outcome;
using harness::report::SuiteResult;
using harness::testing::ScriptTest;

TEST_F(ScriptTest, ForbiddenNamesAreAbsent) {
  for (const char* name : {"io", "os", "package", "debug", "dofile", "loadfile", "load", "coroutine"}) {
    auto suite = run("case('reach', function()\n  local x = " + std::string(name) + "\nend)\n");
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, Outcome::errored) << name;
    EXPECT_EQ(result.message, at_line(2) + "unknown global '" + name + "'") << name;
  }
}

TEST_F(ScriptTest, StringDumpIsGoneAndBytecodeIsRefused) {
  auto suite = run("case('dump', function() expect(string.dump).equals(nil) end)\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::passed) << only_case(suite).message;

  auto binary = run(std::string("\x1bLua\x54\x00 not really bytecode", 22));
  ASSERT_EQ(binary.cases.size(), 1u);
  EXPECT_EQ(binary.cases[0].outcome, Outcome::errored);
  EXPECT_NE(binary.cases[0].message.find("binary"), std::string::npos) << binary.cases[0].message;
}

TEST_F(ScriptTest, AnEndlessLoopIsStoppedAndTheNextCaseRuns) {
  harness::script::ScriptLimits limits;
  limits.max_instructions = 2'000'000;
  auto suite =
      run("case('spins', function()\n"
          "  while true do end\n"
          "end)\n"
          "case('after', function() expect(1).equals(1) end)\n",
          limits);
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[0].type, "timeout");
  EXPECT_EQ(suite.cases[0].message.rfind(at_line(2), 0), 0u) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed);
}

TEST_F(ScriptTest, PcallCannotSwallowTheStop) {
  harness::script::ScriptLimits limits;
  limits.max_instructions = 2'000'000;
  auto suite =
      run("case('swallows', function()\n"
          "  while true do pcall(function() while true do end end) end\n"
          "end)\n",
          limits);
  EXPECT_EQ(only_case(suite).type, "timeout");
}

TEST_F(ScriptTest, AWallClockLimitStopsASlowCase) {
  harness::script::ScriptLimits limits;
  limits.case_timeout = std::chrono::milliseconds(100);
  auto suite = run("case('slow', function()\n  while true do end\nend)\n", limits);
  EXPECT_EQ(only_case(suite).type, "timeout");
  EXPECT_NE(only_case(suite).message.find("longer than"), std::string::npos) << only_case(suite).message;
}

TEST_F(ScriptTest, TheMemoryCapStopsAHog) {
  harness::script::ScriptLimits limits;
  limits.max_memory = 16u << 20;
  auto suite = run(
      "case('hog', function()\n  local t = {}\n  for i = 1, 1e8 do t[i] = ('x'):rep(100) .. i end\nend)\n",
      limits);
  EXPECT_EQ(only_case(suite).outcome, Outcome::errored);
  EXPECT_EQ(only_case(suite).type, "memory");
}

TEST_F(ScriptTest, ASyntaxErrorNamesFileAndLine) {
  auto suite = run("case('ok', function() end)\n\nlocal x = = 1\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::errored);
  EXPECT_EQ(only_case(suite).message.rfind(at_line(3), 0), 0u) << only_case(suite).message;
}

TEST_F(ScriptTest, ARuntimeErrorNamesFileAndLineWithATraceback) {
  auto suite = run("case('boom', function()\n  local t = nil\n  return t.x\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.type, "script");
  EXPECT_EQ(result.message.rfind(at_line(3), 0), 0u) << result.message;
  EXPECT_NE(result.detail.find("stack traceback"), std::string::npos);
}

TEST_F(ScriptTest, AFailedExpectationIsAFailureAtItsLine) {
  auto suite = run("case('compare', function()\n  expect({a = {b = 1}}).equals({a = {b = 2}})\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.type, "expectation");
  EXPECT_EQ(result.message,
            at_line(2) + "expected {\"a\":{\"b\":2}}, got {\"a\":{\"b\":1}} (they differ at /a/b)");
}

TEST_F(ScriptTest, UnknownGlobalsRaiseButDefinitionsWork) {
  auto suite =
      run("helper = function() return 7 end\ncase('uses', function() expect(helper()).equals(7) end)\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::passed) << only_case(suite).message;
  auto typo = run("case('typo', function()\n  expct(1).equals(1)\nend)\n");
  EXPECT_EQ(only_case(typo).message, at_line(2) + "unknown global 'expct'");
}

TEST_F(ScriptTest, DuplicateCaseTitlesAreAnError) {
  auto suite = run("case('same', function() end)\ncase('same', function() end)\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::errored);
  EXPECT_NE(only_case(suite).message.find("already used"), std::string::npos) << only_case(suite).message;
}

TEST_F(ScriptTest, TheWorldIsResetBeforeEachCase) {
  auto suite =
      run("local base = fake.job { job_type = 'createProtectionGroupNoCG', timeline = { 'RUNNING', 'SUCCESS' "
          "} }\n"
          "local added\n"
          "case('first', function()\n"
          "  expect(http.get(base.path).json.status).equals('RUNNING')\n"
          "  added = fake.job { job_type = 'addNicNew', timeline = { 'INIT' } }\n"
          "  expect(http.get(added.path).status).equals(200)\n"
          "end)\n"
          "case('second', function()\n"
          "  expect(http.get(base.path).json.status).equals('RUNNING')\n"
          "  expect(http.get(added.path).status).equals(404)\n"
          "end)\n");
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, ATransportErrorIsAnErrorUnlessTheCaseCatchesIt) {
  harness::client::HttpClient refused({"http", "127.0.0.1", 1});
  harness::script::ScenarioEnv env{&world_, refused, fixtures_, harness::script::kDefaultProjectId, {}};
  file_ = (dir_ / "transport.lua").string();
  std::ofstream(file_) << "case('uncaught', function()\n  http.get('/v1/p/jobs/x')\nend)\n"
                          "case('caught', function()\n"
                          "  local ok, err = pcall(http.get, '/v1/p/jobs/x')\n"
                          "  expect(ok).equals(false)\n  expect(err.kind).equals('refused')\nend)\n";
  auto suite = harness::script::run_scenario(file_, env);
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::errored);
  EXPECT_EQ(suite.cases[0].type, "transport");
  EXPECT_EQ(suite.cases[0].message.rfind(at_line(2), 0), 0u) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, ASchemaViolationNamesThePointer) {
  auto suite =
      run("case('shape', function()\n  expect({ status = 'DONE' }).conforms('sdrs/job_status')\nend)\n");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.type, "schema");
  EXPECT_NE(result.detail.find("/status: \"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT"),
            std::string::npos)
      << result.detail;
}

TEST_F(ScriptTest, FixtureNamesCannotLeaveTheFixturesFolder) {
  auto suite = run("case('escape', function()\n  fixture('../CMakeLists')\nend)\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::errored);
  EXPECT_NE(only_case(suite).message.find("inside the fixtures folder"), std::string::npos)
      << only_case(suite).message;
}

TEST_F(ScriptTest, TopLevelOutputIsKeptWithTheFirstCase) {
  auto suite = run("print('from the top')\ncase('one', function() print('from the case') end)\n");
  EXPECT_NE(only_case(suite).output.find("from the top"), std::string::npos);
  EXPECT_NE(only_case(suite).output.find("from the case"), std::string::npos);
}

TEST_F(ScriptTest, WithoutAFakeCasesThatNeedItAreSkipped) {
  harness::script::ScenarioEnv env{nullptr, client_, fixtures_, harness::script::kDefaultProjectId, {}};
  file_ = (dir_ / "real.lua").string();
  std::ofstream(file_)
      << "case('reads only', function()\n  expect(http.get('/v1/p/jobs/x').status).equals(404)\nend)\n"
         "case('needs the fake', function()\n  fake.job { job_type = 'x', timeline = { 'INIT' } }\nend)\n";
  auto suite = harness::script::run_scenario(file_, env);
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::skipped);
  EXPECT_EQ(suite.cases[1].message,
            at_line(5) + "needs the fake server (fake.*), which a run against a real endpoint has not");

  std::ofstream(file_)
      << "local job = fake.job { job_type = 'x', timeline = { 'INIT' } }\ncase('a', function() end)\n";
  auto top = harness::script::run_scenario(file_, env);
  ASSERT_EQ(top.cases.size(), 1u);
  EXPECT_EQ(top.cases[0].outcome, Outcome::skipped);
}

}  // namespace
