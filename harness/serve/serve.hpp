#pragma once
// `harness serve`: the fake server for any external client, on real time, until stopped; or, with a client
// command, until that command ended, then the world file's checks and a JUnit report.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/console_reporter.hpp"
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
  std::string junit = "reports/serve.xml";
  std::string html;          // with a command: also the HTML report of the checks (report/html_report.hpp)
  std::string command_line;  // as typed, for the HTML report's summary
  bool gitlab = false;
  report::ConsoleOptions console;   // colour, -q/-v
  script::CaseSelection selection;  // which checks run (-k, --tag)
  int max_failures = 0;  // -x is 1, --maxfail N is N: the checks after that many failures are skipped
  std::vector<std::string> command;              // the client under test; empty: serve until SIGINT/SIGTERM
  std::chrono::milliseconds poll_interval{300};  // how often the world file is looked at
  script::ScriptLimits limits;
};

// The exit code: 0 stopped cleanly, or the command and every check passed; 1 the command or a check failed.
// Throws runner::ConfigError for usage and configuration problems (exit 2), a broken world file at start
// included.
int run_serve(const ServeOptions& options);

}  // namespace harness::serve
