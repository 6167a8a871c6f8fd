// Entry point: dispatches to the subcommands (harness/app/*_command.cpp).
#include <iostream>
#include <vector>

#include "harness/app/commands.hpp"
#include "harness/app/completion.hpp"
#include "harness/app/install_paths.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/runner/runner.hpp"

int main(int argc, char** argv) {
  using namespace harness::app;
  for (int i = 0; i < argc; ++i) typed_command_line() += (i == 0 ? "harness" : std::string(" ") + argv[i]);
  CLI::App app{
      "harness: contract tests for cloud job APIs (SDRS, KPS, VBS) against a scriptable fake server"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HARNESS_VERSION);
  // One command a line:
  // clang-format off
  std::vector<Command> commands = {
      add_run_command(app),
      add_merge_command(app),
      add_serve_command(app),
      add_verify_command(app),
      add_record_command(app),
      add_import_command(app),
  };
  // clang-format on
  commands.push_back(add_completion_command(app));  // hidden: bash completion of the others
  use_default_fixtures_dir(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kPassed : kConfig;
  }
  try {
    for (auto& command : commands)
      if (command.subcommand->parsed()) return command.execute();
  } catch (const std::exception& e) {  // configuration problems (runner::ConfigError) and start-up failures
    std::cerr << "harness: " << e.what() << "\n";
    return kConfig;
  }
  return kConfig;
}
