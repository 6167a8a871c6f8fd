// `harness serve [WORLD.lua] [--port P] [--host H] [-- COMMAND ARGS...]`: the fake server for any external
// client (docs/serve.md).
#include <iostream>

#include "harness/app/case_options.hpp"
#include "harness/app/commands.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/runner/runner.hpp"
#include "harness/serve/serve.hpp"

namespace harness::app {
namespace {

struct ServeSettings {
  serve::ServeOptions options;
  bool no_admin = false;
  CaseOptions checks;  // -k, --tag, -x, --maxfail, -q, -v, --color
  double timeout = 60;
  double header_timeout = 5;
  double idle_timeout = 30;
};

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

int execute_serve(ServeSettings& settings, CLI::App& command) {
  auto& options = settings.options;
  // CLI11 fills the positionals in order, "--" or not: tell the world file from the client command by the
  // "--" CLI11 keeps in remaining() and by the world file's *.lua name.
  bool dashes = false;
  for (const auto& arg : command.remaining()) dashes = dashes || arg == "--";
  if (!dashes && !options.command.empty())
    throw runner::ConfigError(
        "unexpected argument \"" + options.command.front() +
        "\": put the client command after --, as in: harness serve world.lua -- ./client.sh");
  if (dashes && !options.world_file.empty() && options.world_file.size() > 0 &&
      std::filesystem::path(options.world_file).extension() != ".lua") {
    options.command.insert(options.command.begin(), options.world_file);
    options.world_file.clear();
  }
  if (dashes && options.command.empty()) throw runner::ConfigError("no client command after --");
  options.admin = !settings.no_admin;
  options.command_line = typed_command_line();
  runner::RunOptions chosen;
  apply_selection(settings.checks, chosen);
  options.selection = chosen.selection;
  options.max_failures = chosen.max_failures;
  options.console = console_options(settings.checks);
  options.console.live = false;  // a line per check, after the client's own output
  options.limits.case_timeout = to_ms(settings.timeout);
  options.header_timeout = to_ms(settings.header_timeout);
  options.idle_timeout = to_ms(settings.idle_timeout);
  return serve::run_serve(options);
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
  command->add_option("--junit", options.junit, "With a command: where to write the checks' JUnit report")
      ->capture_default_str();
  command->add_option("--html", options.html, "With a command: also write the checks' HTML report");
  command->add_flag("--gitlab-file", options.gitlab,
                    "Add testcase@file for GitLab (not valid against the strict JUnit schema)");
  command
      ->add_option("--timeout", settings->timeout,
                   "Wall-clock limit for the world file and per check, seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_selection_options(*command, settings->checks);
  add_console_options(*command, settings->checks);
  return {command, [settings, command] { return execute_serve(*settings, *command); }};
}

}  // namespace harness::app
