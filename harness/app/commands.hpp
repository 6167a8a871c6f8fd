#pragma once
// The subcommands. Each file adds its own: a CLI11 subcommand and what runs when it is chosen.
// Exit codes: 0 all passed, 1 a case or check failed, 2 usage or configuration.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

namespace harness::app {

inline constexpr int kPassed = 0, kFailed = 1, kConfig = 2;

struct Command {
  CLI::App* subcommand;
  std::function<int()> execute;  // may throw runner::ConfigError (exit 2)
};

Command add_run_command(CLI::App& app);
Command add_merge_command(CLI::App& app);
Command add_serve_command(CLI::App& app);
Command add_verify_command(CLI::App& app);
Command add_record_command(CLI::App& app);
Command add_import_command(CLI::App& app);

}  // namespace harness::app
