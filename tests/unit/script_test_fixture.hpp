#pragma once
// A scenario runner for tests of harness/script/: writes a scenario file, runs it against a fresh fake, and
// gives the file:line prefix its messages start with.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/scenario.hpp"
#include "harness/script/world_script.hpp"

namespace harness::testing {

class ScriptTest : public ::testing::Test {
 protected:
  ScriptTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("harness-script-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        server_(world_, {}),
        client_({"http", "127.0.0.1", server_.port()}),
        fixtures_(std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures") {
    std::filesystem::create_directories(dir_);
  }
  ~ScriptTest() override { std::filesystem::remove_all(dir_); }

  report::SuiteResult run(const std::string& text, script::ScriptLimits limits = {}) {
    file_ = (dir_ / "scenario.lua").string();
    std::ofstream(file_, std::ios::binary) << text;
    script::ScenarioEnv env{&world_, client_, fixtures_, script::kDefaultProjectId, limits};
    return script::run_scenario(file_, env);
  }
  // The same text as `harness serve`'s world file: its top level runs now, against this fake.
  std::unique_ptr<script::WorldScript> load_world(const std::string& text, script::ScriptLimits limits = {}) {
    file_ = (dir_ / "world.lua").string();
    std::ofstream(file_) << text;
    script::ScenarioEnv env{&world_, client_, fixtures_, script::kDefaultProjectId, limits};
    return std::make_unique<script::WorldScript>(file_, env);
  }
  const report::CaseResult& only_case(const report::SuiteResult& suite) {
    EXPECT_EQ(suite.cases.size(), 1u);
    return suite.cases.at(0);
  }
  std::string at_line(int line) const { return file_ + ":" + std::to_string(line) + ": "; }

  std::filesystem::path dir_;
  std::string file_;
  fake::SharedWorld world_;
  fake::FakeServer server_;
  client::HttpClient client_;
  contract::FixtureStore fixtures_;
};

}  // namespace harness::testing
