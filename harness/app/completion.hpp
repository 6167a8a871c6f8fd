#pragma once
// `harness completion bash`: a bash completion script made from the command-line definition itself, so it
// offers exactly the subcommands, options and choices the binary has. Hidden from --help; `cmake --install`
// puts its output in share/bash-completion/completions/harness.
#include <string>

#include "harness/app/commands.hpp"

namespace harness::app {

// The script for `app` (the root App, with every subcommand added): complete -F _harness harness.
std::string bash_completion(const CLI::App& app);

Command add_completion_command(CLI::App& app);

}  // namespace harness::app
