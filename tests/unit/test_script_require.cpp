// require(name): modules of the scenarios root's lib/ folder only, in the same sandbox and budgets.
#include <gtest/gtest.h>

#include "script_test_fixture.hpp"

namespace {

using harness::report::Outcome;
using harness::testing::ScriptTest;

class Require : public ScriptTest {
 protected:
  void module(const std::string& name, const std::string& text) {
    auto path = dir_ / "lib" / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string lib(const std::string& name) const { return (dir_ / "lib" / name).string(); }
};

TEST_F(Require, LoadsAModuleOnceAndReturnsWhatItReturns) {
  module("paging.lua",
         "loads = (rawget(_G, 'loads') or 0) + 1\nreturn { page = function(n) return n * 2 end }\n");
  module("kps/auth.lua", "return nil\n");
  auto suite =
      run("local paging = require('paging')\n"
          "case('c', function()\n"
          "  expect(paging.page(2)).equals(4)\n"
          "  expect(require('paging')).equals(paging)\n"
          "  expect(loads).equals(1)\n"
          "  expect(require('kps.auth')).equals(true)\n"
          "end)\n");
  EXPECT_EQ(only_case(suite).outcome, Outcome::passed) << only_case(suite).message;
}

TEST_F(Require, NamesThatCouldLeaveLibAreRefused) {
  module("ok.lua", "return 1\n");
  std::ofstream(dir_ / "outside.lua") << "return 1\n";
  for (const char* name : {"../outside", "/etc/passwd", "lib/ok", "a..b", ".ok", ""}) {
    auto suite = run("case('c', function()\n  require('" + std::string(name) + "')\nend)\n");
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, Outcome::errored) << name;
    EXPECT_EQ(result.message, at_line(2) + "require: \"" + name +
                                  "\" is not a module name (letters, digits, _ and dots: \"paging\", "
                                  "\"kps.auth\")")
        << name;
  }
}

TEST_F(Require, ASymlinkOutOfLibIsRefused) {
  module("ok.lua", "return 1\n");
  std::ofstream(dir_ / "outside.lua") << "return 1\n";
  std::filesystem::create_symlink(dir_ / "outside.lua", dir_ / "lib" / "escape.lua");
  auto suite = run("case('c', function()\n  require('escape')\nend)\n");
  EXPECT_EQ(only_case(suite).message,
            at_line(2) + "require: " + lib("escape.lua") + " leads outside " + (dir_ / "lib").string());
}

TEST_F(Require, AMissingModuleAndAMissingLibFolderAreScriptErrors) {
  auto none = run("case('c', function()\n  require('nope')\nend)\n");
  EXPECT_EQ(only_case(none).message, at_line(2) + "require: no lib/ folder beside " + file_ +
                                         " or above it: modules live in the scenarios root's lib/");
  module("ok.lua", "return 1\n");
  auto missing = run("case('c', function()\n  require('nope')\nend)\n");
  EXPECT_EQ(only_case(missing).message, at_line(2) + "require: no module " + lib("nope.lua"));
}

TEST_F(Require, ErrorsInAModuleNameItsFileAndLine) {
  module("broken.lua", "local x = 1\nerror('module says no')\n");
  module("syntax.lua", "return {\n");
  auto suite =
      run("case('runtime', function()\n  require('broken')\nend)\n"
          "case('again', function()\n  require('broken')\nend)\n"
          "case('syntax', function()\n  require('syntax')\nend)\n");
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_EQ(suite.cases[0].message, lib("broken.lua") + ":2: module says no");
  EXPECT_EQ(suite.cases[1].message, lib("broken.lua") + ":2: module says no");  // tried again, no cycle
  EXPECT_EQ(suite.cases[2].message.rfind(at_line(8) + "require: " + lib("syntax.lua") + ":2:", 0), 0u)
      << suite.cases[2].message;
}

TEST_F(Require, AModuleHasTheSameSandboxAndBudgets) {
  module("reach.lua", "return io\n");
  module("spin.lua", "while true do end\n");
  module("cycle.lua", "return require('cycle')\n");
  harness::script::ScriptLimits limits;
  limits.max_instructions = 2'000'000;
  auto suite =
      run("case('io', function() require('reach') end)\n"
          "case('spin', function() require('spin') end)\n"
          "case('cycle', function() require('cycle') end)\n",
          limits);
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_EQ(suite.cases[0].message, lib("reach.lua") + ":1: unknown global 'io'");
  EXPECT_EQ(suite.cases[1].type, "timeout");
  EXPECT_EQ(suite.cases[1].message.rfind(lib("spin.lua") + ":1: stopped", 0), 0u) << suite.cases[1].message;
  EXPECT_EQ(suite.cases[2].message,
            lib("cycle.lua") + ":1: require: \"cycle\" requires itself (a cycle of modules)");
}

}  // namespace
