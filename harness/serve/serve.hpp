#pragma once
// `harness serve`: the fake server for any external client, on real time, until stopped; or, with a client
// command, until that command ended, then the world file's checks and a JUnit report.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/reporter.hpp"
#include "harness/runner/runner.hpp"
#include "harness/script/scenario.hpp"

namespace harness::serve {

struct ServeOptions {
  std::string world_file;  // "" for an empty world
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: a free port (the first line of stdout says which)
  bool admin = true;           // the /__admin/ API
  std::string admin_token;     // set: admin requests carry "Authorization: Bearer TOKEN" (admin_access.hpp)
  std::chrono::milliseconds header_timeout{5000};  // a request's header, from its first byte: else 408
  std::chrono::milliseconds idle_timeout{30000};   // keep-alive: no byte of a next request, closed
  std::string tls_cert_file;  // both set: serve HTTPS with this PEM certificate (chain) and key
  std::string tls_key_file;
  std::string project_id = script::kDefaultProjectId;
  std::uint64_t seed = 0;
  std::filesystem::path fixtures = "fixtures";
  script::CaseSelection selection;  // which checks run (-k, --tag)
  int max_failures = 0;  // -x is 1, --maxfail N is N: the checks after that many failures are skipped
  // --lf runs only the checks in `last_failed` (all when none of them is the world file's); --ff runs them
  // first. The client command always runs.
  runner::RunOptions::Rerun rerun = runner::RunOptions::Rerun::all;
  runner::LastFailed last_failed;
  bool coverage = false;  // contract coverage of the journal into the result (--coverage, --html, ...)
  std::vector<std::string> command;              // the client under test; empty: serve until SIGINT/SIGTERM
  std::chrono::milliseconds poll_interval{300};  // how often the world file is looked at
  script::ScriptLimits limits;
};

// Without a command: serves until SIGINT/SIGTERM and returns nullopt. With one: the run, which `reporters`
// saw as it went: one suite named after the world file, "client command" first (it fails when the command
// exits non-zero), then the checks. Throws runner::ConfigError for usage and configuration problems (exit 2),
// a broken world file at start and a port in use included. The caller holds a net::SignalWatch, made before
// any thread started: SIGINT/SIGTERM are then a flag seen here, never a handler on the server thread.
std::optional<report::RunResult> run_serve(const ServeOptions& options,
                                           const std::vector<report::Reporter*>& reporters);

}  // namespace harness::serve
