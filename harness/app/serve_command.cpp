// `harness serve [WORLD.lua] [--port P] [--host H] [-- COMMAND ARGS...]`: the fake server for any external
// client (docs/serve.md).
#include <algorithm>
#include <filesystem>

#include "harness/app/case_options.hpp"
#include "harness/app/case_run.hpp"
#include "harness/app/commands.hpp"
#include "harness/app/config_error_report.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/runner/runner.hpp"
#include "harness/serve/serve.hpp"

namespace harness::app {
namespace {

struct ServeSettings {
  serve::ServeOptions options;
  bool no_admin = false;
  CaseOptions checks;  // -k, --tag, -x, --maxfail, --lf, --ff, --durations, -q, -v, --color
  std::string junit = "reports/serve.xml";
  bool gitlab = false;
  ReportOutputs outputs;  // --html, --coverage, --coverage-json, --require-coverage
  double timeout = 60;
  double header_timeout = 5;
  double idle_timeout = 30;
};

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// "--" given (CLI11 keeps it in remaining()): a client command is meant, so there are checks to report.
bool client_mode(CLI::App& command) {
  const auto rest = command.remaining();
  return std::find(rest.begin(), rest.end(), "--") != rest.end();
}

// Serving until stopped runs no checks and writes no report: an option for them would silently do nothing.
void refuse_check_options(CLI::App& command) {
  for (const char* name : {"--junit", "--gitlab-file", "--html", "--filter", "--tag", "--exitfirst",
                           "--maxfail", "--last-failed", "--failed-first", "--durations", "--quiet",
                           "--verbose", "--coverage", "--coverage-json", "--require-coverage"})
    if (command.count(name) > 0)
      throw runner::ConfigError(
          std::string(name) +
          ": only with a client command (harness serve WORLD -- COMMAND), whose checks it "
          "is for; serving until stopped runs none");
}

int serve_checks(ServeSettings& settings, CLI::App& command) {
  auto& options = settings.options;
  // CLI11 fills the positionals in order, "--" or not: tell the world file from the client command by the
  // "--" and by the world file's *.lua name.
  const bool dashes = client_mode(command);
  if (!dashes && !options.command.empty())
    throw runner::ConfigError(
        "unexpected argument \"" + options.command.front() +
        "\": put the client command after --, as in: harness serve world.lua -- ./client.sh");
  if (dashes && !options.world_file.empty() &&
      std::filesystem::path(options.world_file).extension() != ".lua") {
    options.command.insert(options.command.begin(), options.world_file);
    options.world_file.clear();
  }
  if (dashes && options.command.empty()) throw runner::ConfigError("no client command after --");
  options.admin = !settings.no_admin;
  options.limits.case_timeout = to_ms(settings.timeout);
  options.header_timeout = to_ms(settings.header_timeout);
  options.idle_timeout = to_ms(settings.idle_timeout);
  if (options.command.empty()) {  // serve until stopped: no checks, no report
    refuse_check_options(command);
    serve::run_serve(options, {});
    return kPassed;
  }
  CaseRun checks(settings.checks, settings.outputs, settings.junit, settings.gitlab);
  runner::RunOptions chosen;
  checks.select(chosen);
  options.selection = chosen.selection;
  options.max_failures = chosen.max_failures;
  options.rerun = chosen.rerun;
  options.last_failed = chosen.last_failed;
  options.coverage = settings.outputs.wants_coverage();
  // A line per check, after the client's own output: no live line.
  auto result = serve::run_serve(options, checks.reporters(/*live=*/false));
  return checks.finish(*result);
}

int execute_serve(ServeSettings& settings, CLI::App& command) {
  // Before the server's threads (serve.hpp); the report is written after a signal.
  net::SignalWatch signals(client_mode(command)
                               ? "passing it on to the client command; the report will list what was cut off"
                               : "stopping the server");
  // With "--" (a client command) every exit path leaves the checks' report, a configuration problem
  // included; serving until stopped writes none, nor does an argument given without "--" (a usage error).
  if (!client_mode(command)) return serve_checks(settings, command);
  return with_config_error_report({settings.junit, settings.gitlab, settings.outputs.html},
                                  settings.options.seed, [&] { return serve_checks(settings, command); });
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto settings = std::make_shared<ServeSettings>();
  auto& options = settings->options;
  auto* command = app.add_subcommand(
      "serve",
      "Serve the fake to any client, on real time, until stopped; or run a client command against it");
  command->add_option("world", options.world_file,
                      "World file (*.lua): fake.* calls set the world, check(title, fn) defines checks");
  command->add_option("command", options.command, "After --: the client command to run against the server");
  command->add_option("--port", options.port, "Port to listen on (0: a free one, printed)")
      ->capture_default_str();
  command->add_option("--host", options.host, "Address to listen on")->capture_default_str();
  command->add_flag("--no-admin", settings->no_admin, "Switch the /__admin/ API off");
  command
      ->add_option("--admin-token", options.admin_token,
                   "Admin requests must carry 'Authorization: Bearer TOKEN'; needed for the admin API when "
                   "--host is beyond loopback")
      ->envname("HARNESS_ADMIN_TOKEN");
  command
      ->add_option("--header-timeout", settings->header_timeout,
                   "Seconds from a request's first byte to the end of its header; later: 408, closed")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", settings->idle_timeout,
                   "Seconds a kept-alive connection may wait for its next request")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  auto* tls_cert =
      command->add_option("--tls-cert", options.tls_cert_file, "Serve HTTPS: PEM certificate (chain)")
          ->check(CLI::ExistingFile);
  command->add_option("--tls-key", options.tls_key_file, "Serve HTTPS: PEM private key")
      ->check(CLI::ExistingFile)
      ->needs(tls_cert);
  tls_cert->needs(command->get_option("--tls-key"));
  command->add_option("--project-id", options.project_id, "The default project id (HARNESS_PROJECT_ID)")
      ->capture_default_str();
  command->add_option("--seed", options.seed, "Seed for generated ids and fault probabilities")
      ->capture_default_str();
  command->add_option("--fixtures", options.fixtures, "The fixtures folder")->capture_default_str();
  command->add_option("--junit", settings->junit, "With a command: where to write the checks' JUnit report")
      ->capture_default_str();
  command->add_flag("--gitlab-file", settings->gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  command
      ->add_option("--timeout", settings->timeout,
                   "Wall-clock limit for the world file and per check, seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_selection_options(*command, settings->checks);
  add_rerun_options(*command, settings->checks);
  add_console_options(*command, settings->checks);
  add_html_option(command, settings->outputs);
  add_coverage_options(command, settings->outputs);
  return {command, [settings, command] { return execute_serve(*settings, *command); }};
}

}  // namespace harness::app
