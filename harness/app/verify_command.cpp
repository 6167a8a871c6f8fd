// `harness verify --target https://HOST --project-id ID [--token T] [PATHS...]`: the scenario cases that only
// read (no fake.*) against a real endpoint, over TLS; the others are reported skipped (docs/verify.md).

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "harness/app/case_options.hpp"
#include "harness/app/case_run.hpp"
#include "harness/app/commands.hpp"
#include "harness/app/config_error_report.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/client/http_client.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {
namespace {

struct VerifySettings {
  runner::RunOptions options;
  CaseOptions cases;
  std::string target;
  std::string token;  // never printed: transcripts show X-Auth-Token: ***
  std::string ca_file;
  bool insecure = false;
  std::string junit = "reports/verify.xml";
  bool gitlab = false;
  double timeout = 60;
  double read_timeout = 30;
  ReportOutputs outputs;  // --html (no coverage: a real endpoint keeps no journal for us)
};

int verify_cases(VerifySettings& verify) {
  auto& options = verify.options;
  CaseRun cases(verify.cases, verify.outputs, verify.junit, verify.gitlab);
  cases.select(options);
  try {
    options.target = client::parse_endpoint(verify.target);
  } catch (const std::invalid_argument& e) {
    throw runner::ConfigError(std::string("--target: ") + e.what());
  }
  if (options.project_id.empty()) throw runner::ConfigError("--project-id must not be empty");
  if (!verify.ca_file.empty() && !std::filesystem::is_regular_file(verify.ca_file))
    throw runner::ConfigError("--ca-file " + verify.ca_file + ": no such file");
  options.client.ca_file = verify.ca_file;
  options.client.insecure = verify.insecure;
  options.client.read_timeout = std::chrono::milliseconds(static_cast<long long>(verify.read_timeout * 1000));
  if (!verify.token.empty()) {
    if (verify.token.find_first_of("\r\n") != std::string::npos)
      throw runner::ConfigError("the token must be one line");
    options.client.default_headers.emplace_back("X-Auth-Token", verify.token);
    if (options.target->scheme == "http")
      std::cerr << "harness: warning: sending the token over plain http to " << options.target->url() << "\n";
  }
  if (verify.insecure && options.target->scheme == "https")
    std::cerr << "harness: warning: --insecure: the server's certificate is not checked\n";
  try {  // the TLS settings (an unreadable CA file) are configuration, found before any case runs
    client::HttpClient probe(*options.target, options.client);
  } catch (const std::exception& e) {
    throw runner::ConfigError(std::string("--ca-file: ") + e.what());
  }
  options.limits.case_timeout = std::chrono::milliseconds(static_cast<long long>(verify.timeout * 1000));

  std::cout << "verify: " << options.target->url() << " (project " << options.project_id << ")\n";
  // The HTML page shows every case's exchanges; without it, passing cases need not keep theirs to the end.
  options.passing_output =
      verify.outputs.html.empty() ? script::PassingOutput::dropped : script::PassingOutput::kept;
  // A line per case, no live line: a real endpoint is slow enough to watch.
  return cases.finish(runner::run(options, cases.reporters(/*live=*/false)));
}

int execute_verify(VerifySettings& verify) {
  net::SignalWatch signals;  // before any thread: SIGINT/SIGTERM stop the run and still give the report
  return with_config_error_report({verify.junit, verify.gitlab, verify.outputs.html}, verify.options.seed,
                                  [&] { return verify_cases(verify); });
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto verify = std::make_shared<VerifySettings>();
  auto& options = verify->options;
  options.project_id.clear();
  auto* command = app.add_subcommand(
      "verify",
      "Run the cases that only read (no fake.*) against a real endpoint, over TLS; the rest are skipped");
  command->add_option("paths", options.paths, "Scenario files, or folders to search for *.lua")
      ->capture_default_str();
  command->add_option("--target", verify->target, "The endpoint: https://HOST[:PORT] (or http://)")
      ->required();
  command->add_option("--project-id", options.project_id, "The project id (the scenarios' project_id)")
      ->required();
  command->add_option("--token", verify->token, "Sent as X-Auth-Token with every request; never printed")
      ->envname("HARNESS_TOKEN");
  command->add_flag("--insecure", verify->insecure, "Do not check the server's TLS certificate");
  command->add_option("--ca-file", verify->ca_file,
                      "Also trust the CA certificates in this PEM file (besides the system's)");
  command->add_option("--junit", verify->junit, "Where to write the JUnit XML report")->capture_default_str();
  command->add_option("--fixtures", options.fixtures, "The fixtures folder")->capture_default_str();
  command->add_option("--timeout", verify->timeout, "Wall-clock limit per case, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--read-timeout", verify->read_timeout, "Limit per HTTP response, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_flag("--gitlab-file", verify->gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  add_selection_options(*command, verify->cases);
  add_rerun_options(*command, verify->cases);
  add_console_options(*command, verify->cases);
  add_html_option(command, verify->outputs);
  return {command, [verify] { return execute_verify(*verify); }};
}

}  // namespace harness::app
