#pragma once
// Finds scenario files and runs each against its own fresh world and fake server.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/client/http_client.hpp"
#include "harness/report/reporter.hpp"
#include "harness/report/results.hpp"
#include "harness/runner/last_failed.hpp"
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
  // A real endpoint instead of the embedded fake (harness verify): cases that use fake.* are skipped.
  std::optional<client::Endpoint> target;
  client::ClientOptions client;     // timeouts, default headers (e.g. X-Auth-Token), TLS settings
  script::CaseSelection selection;  // --filter, --tag, --list
  int jobs = 1;                     // scenario files run at once, each with its own world and server
  int shard_index = 1;  // this run takes files shard_index, shard_index + shard_count, ... (1-based)
  int shard_count = 1;
  // Contract coverage from each case's journal into RunResult::coverage (--coverage, --html, ...).
  bool coverage = false;
  int max_failures = 0;  // -x is 1, --maxfail N is N: after that many failed or errored cases the run stops
  // --lf runs only the cases in `last_failed` (every case when none of them is among the files); --ff runs
  // them first: their files first, and in each file its failed cases first.
  enum class Rerun { all, failed_only, failed_first } rerun = Rerun::all;
  LastFailed last_failed;
  // dropped: a passing case's transcripts are let go once the reporters saw it end (they stay in the JUnit
  // <system-out>); kept when a reporter reads them at the end of the run (the HTML report).
  script::PassingOutput passing_output = script::PassingOutput::kept;
};

// The files of shard `index` of `count` (1-based): every count-th file of the sorted list, so shards are
// stable for the same tree and every file is in exactly one shard.
std::vector<std::string> shard(const std::vector<std::string>& files, int index, int count);

struct Discovery {
  // Sorted by path: the scenario files, and the paths in `problems` (so shards split them too).
  std::vector<std::string> files;
  // A path found inside a folder that cannot be run, and why ("Too many levels of symbolic links" for a
  // symlink loop): reported as an errored case of its own, while the other files run.
  std::map<std::string, std::string> problems;
};

// Files as given, and every *.lua under a folder, sorted by path: LuaLS annotation files (*.d.lua) and the
// world files of harness serve (*.world.lua, which define check()s, not cases) are not scenarios.
// Throws ConfigError for a given path that does not exist or a given file that is not a scenario.
Discovery discover(const std::vector<std::string>& paths);
bool is_world_file(const std::filesystem::path& path);

report::RunResult run(const RunOptions& options, const std::vector<report::Reporter*>& reporters);

}  // namespace harness::runner
