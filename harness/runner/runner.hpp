#pragma once
// Finds scenario files and runs each against its own fresh world and fake server.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/report/reporter.hpp"
#include "harness/report/results.hpp"
#include "harness/script/scenario.hpp"

namespace harness::runner {

// A problem with how harness was called or set up (exit code 2), as opposed to a failing case.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  std::vector<std::string> paths{"scenarios"};
  std::filesystem::path fixtures = "fixtures";
  std::uint64_t seed = 0;
  std::string project_id = script::kDefaultProjectId;
  script::ScriptLimits limits;
};

// Files as given, and every *.lua under a folder (LuaLS *.d.lua annotation files excluded), sorted by path.
// Throws ConfigError for a path that does not exist or a file that is not *.lua.
std::vector<std::string> discover(const std::vector<std::string>& paths);

report::RunResult run(const RunOptions& options, const std::vector<report::Reporter*>& reporters);

}  // namespace harness::runner
