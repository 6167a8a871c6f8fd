#pragma once
// Where the fixtures are when no --fixtures is given: `fixtures/` in the working directory (a checkout), else
// the ones `cmake --install` put beside the binary (<prefix>/bin/harness -> <prefix>/share/harness/fixtures).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>

namespace harness::app {

// <folder of the running executable>/<HARNESS_FIXTURES_FROM_BINDIR>, whether or not it exists; none when the
// executable's path cannot be read.
std::optional<std::filesystem::path> installed_fixtures_dir();

// The first folder that exists: ./fixtures, then installed_fixtures_dir(); "fixtures" when neither does (the
// run then says that folder does not exist).
std::filesystem::path default_fixtures_dir();

// Makes default_fixtures_dir() the default of every subcommand's --fixtures option. An explicit --fixtures
// still wins, and a wrong one is still an error.
void use_default_fixtures_dir(CLI::App& app);

}  // namespace harness::app
