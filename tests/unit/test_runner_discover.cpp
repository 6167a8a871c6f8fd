// A path inside a scanned folder that cannot be run (a symlink loop, a dangling link) is one errored case
// naming it; the other files are found and run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/runner/runner.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace {

class RunnerDiscover : public ::testing::Test {
 protected:
  RunnerDiscover()
      : dir_(fs::temp_directory_path() / ("harness-discover-" + std::to_string(::getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
    write("a.lua");
    write("sub/z.lua");
    fs::create_symlink("loop.lua", dir_ / "loop.lua");  // points at itself: ELOOP
  }
  ~RunnerDiscover() override { fs::remove_all(dir_); }

  void write(const std::string& name) {
    std::ofstream(dir_ / name) << "case(\"passes\", function() expect(1).equals(1) end)\n";
  }
  std::string path(const std::string& name) const {
    return (dir_ / name).lexically_normal().generic_string();
  }

  fs::path dir_;
};

}  // namespace

TEST_F(RunnerDiscover, ASymlinkLoopIsOneProblemAndTheOtherFilesAreFound) {
  const auto found = runner::discover({dir_.string()});
  EXPECT_EQ(found.files, (std::vector<std::string>{path("a.lua"), path("loop.lua"), path("sub/z.lua")}));
  ASSERT_EQ(found.problems.size(), 1u);
  EXPECT_EQ(found.problems.begin()->first, path("loop.lua"));
  EXPECT_NE(found.problems.begin()->second.find("symbolic links"), std::string::npos)
      << found.problems.begin()->second;
}

TEST_F(RunnerDiscover, ALoopBetweenTwoLinksAndADanglingLinkAreEachReported) {
  fs::create_symlink("b.lua", dir_ / "sub" / "c.lua");
  fs::create_symlink("c.lua", dir_ / "sub" / "b.lua");
  fs::create_symlink("missing.lua", dir_ / "dangling.lua");
  const auto found = runner::discover({dir_.string()});
  EXPECT_EQ(found.problems.size(), 4u);
  EXPECT_TRUE(found.problems.contains(path("sub/b.lua")));
  EXPECT_TRUE(found.problems.contains(path("sub/c.lua")));
  EXPECT_TRUE(found.problems.contains(path("dangling.lua")));
  EXPECT_EQ(found.files.size(), 6u);
}

TEST_F(RunnerDiscover, TheRunGoesOnAndReportsTheLoopAsAnErroredCase) {
  runner::RunOptions options;
  options.paths = {dir_.string()};
  options.fixtures = fs::path(HARNESS_SOURCE_DIR) / "fixtures";
  const auto run = runner::run(options, {});
  ASSERT_EQ(run.suites.size(), 3u);
  EXPECT_EQ(run.suites[0].cases.at(0).outcome, report::Outcome::passed);
  const auto& loop = run.suites[1];
  EXPECT_EQ(loop.file, path("loop.lua"));
  ASSERT_EQ(loop.cases.size(), 1u);
  EXPECT_EQ(loop.cases[0].outcome, report::Outcome::errored);
  EXPECT_EQ(loop.cases[0].type, "discovery");
  EXPECT_EQ(loop.cases[0].message.rfind(path("loop.lua") + ": cannot be run: ", 0), 0u)
      << loop.cases[0].message;
  EXPECT_EQ(run.suites[2].cases.at(0).outcome, report::Outcome::passed);
  const auto sum = report::totals(run);
  EXPECT_EQ(sum.tests, 3);
  EXPECT_EQ(sum.errors, 1);
}

TEST_F(RunnerDiscover, WorldFilesOfServeAreSkippedInAFolderAndRefusedByName) {
  write("sub/jobs.world.lua");
  write("sub/api.d.lua");
  write("sub/world.lua.bak.lua");  // only the whole suffix counts
  const auto found = runner::discover({dir_.string()});
  for (const auto& file : found.files) {
    EXPECT_EQ(file.find(".world.lua"), std::string::npos) << file;
    EXPECT_EQ(file.find(".d.lua"), std::string::npos) << file;
  }
  EXPECT_NE(std::find(found.files.begin(), found.files.end(), path("sub/world.lua.bak.lua")),
            found.files.end());
  try {
    runner::discover({path("sub/jobs.world.lua")});
    FAIL() << "a world file given by name was taken";
  } catch (const runner::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("a world file of harness serve (*.world.lua)"), std::string::npos);
  }
}

// A module of the scenarios root's lib/ (even one that defines cases) is for require(): skipped in a folder,
// a configuration error by name, as is the lib/ folder itself or a folder inside it.
TEST_F(RunnerDiscover, ModulesOfTheScenariosRootAreRefusedByName) {
  fs::remove(dir_ / "loop.lua");
  fs::create_directories(dir_ / "lib/kps");
  write("lib/paging.lua");
  write("lib/kps/auth.lua");
  const auto found = runner::discover({dir_.string()});
  EXPECT_EQ(found.files, (std::vector<std::string>{path("a.lua"), path("sub/z.lua")}));
  for (const std::string given : {"lib/paging.lua", "lib/kps/auth.lua", "lib", "lib/kps"}) {
    try {
      runner::discover({path(given)});
      ADD_FAILURE() << given << " was taken as a scenario";
    } catch (const runner::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("for require()"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path("lib")), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(runner::discover({path("sub/z.lua")}).files, std::vector<std::string>{path("sub/z.lua")});
}
