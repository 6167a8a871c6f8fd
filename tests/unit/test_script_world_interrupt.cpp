// SIGINT/SIGTERM while `harness serve -- COMMAND` runs its checks: the checks not started yet are reported
// skipped with the reason, not run against a world the run is leaving.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "harness/net/interrupt.hpp"
#include "harness/script/world_script.hpp"
#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

TEST_F(ScriptTest, ChecksNotStartedWhenASignalCameAreSkippedWithTheReason) {
  file_ = (dir_ / "world.lua").string();
  std::ofstream(file_) << "check('one', function() expect(1).equals(1) end)\n"
                          "check('two', function() expect(1).equals(2) end)\n";
  harness::script::ScenarioEnv env{&world_, client_, fixtures_, harness::script::kDefaultProjectId, {}};
  harness::script::WorldScript world(file_, env);
  harness::net::request_interrupt(SIGTERM);
  const auto suite = world.run_checks();
  harness::net::clear_interrupt();
  ASSERT_EQ(suite.cases.size(), 2u);
  for (const auto& check : suite.cases) {
    EXPECT_EQ(check.outcome, Outcome::skipped) << check.name;
    EXPECT_EQ(check.message, "interrupted by SIGTERM before the check started");
  }
}

}  // namespace
