// Every case starts with the globals the top level left: what one case sets is not seen by the next.
#include <gtest/gtest.h>

#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

const char* const kScenario =
    "shared = 1\n"
    "function helper() return shared end\n"
    "case('sets globals', function()\n"
    "  leaked = true\n"
    "  shared = 2\n"
    "  helper = nil\n"
    "end)\n"
    "case('sees none of them', function()\n"
    "  expect(rawget(_G, 'leaked')).equals(nil)\n"
    "  expect(shared).equals(1)\n"
    "  expect(helper()).equals(1)\n"
    "end)\n";

TEST_F(ScriptTest, AGlobalOneCaseSetsIsNotSeenByTheNext) {
  auto suite = run(kScenario);
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].outcome, Outcome::passed) << suite.cases[0].message;
  EXPECT_EQ(suite.cases[1].outcome, Outcome::passed) << suite.cases[1].message;
}

TEST_F(ScriptTest, ACaseRunAloneSeesTheSameGlobals) {
  file_ = (dir_ / "scenario.lua").string();
  std::ofstream(file_) << kScenario;
  harness::script::ScenarioEnv env{&world_, client_, fixtures_, harness::script::kDefaultProjectId, {}};
  env.selection.accepts = [](const std::string&, const std::string& title, const std::vector<std::string>&) {
    return title.find("sees none") != std::string::npos;  // as -k "sees none" selects
  };
  auto suite = harness::script::run_scenario(file_, env);
  EXPECT_EQ(only_case(suite).outcome, Outcome::passed) << only_case(suite).message;
}

}  // namespace
