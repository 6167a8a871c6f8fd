#include "harness/app/install_paths.hpp"

#ifndef HARNESS_FIXTURES_FROM_BINDIR  // set by CMakeLists.txt from GNUInstallDirs
#define HARNESS_FIXTURES_FROM_BINDIR "../share/harness/fixtures"
#endif

namespace harness::app {

std::optional<std::filesystem::path> installed_fixtures_dir() {
  std::error_code ec;
  // /proc/self/exe is the binary itself, with symlinks resolved: a link in /usr/local/bin to an installed
  // prefix elsewhere still finds that prefix's share/.
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || executable.empty()) return std::nullopt;
  return (executable.parent_path() / HARNESS_FIXTURES_FROM_BINDIR).lexically_normal();
}

std::filesystem::path default_fixtures_dir() {
  const std::filesystem::path beside = "fixtures";
  std::error_code ec;
  if (std::filesystem::is_directory(beside, ec)) return beside;
  if (const auto installed = installed_fixtures_dir();
      installed && std::filesystem::is_directory(*installed, ec))
    return *installed;
  return beside;
}

void use_default_fixtures_dir(CLI::App& app) {
  const auto fixtures = default_fixtures_dir().string();
  for (auto* subcommand : app.get_subcommands([](CLI::App*) { return true; }))
    if (auto* option = subcommand->get_option_no_throw("--fixtures"))
      option->run_callback_for_default()->default_val(fixtures);  // sets the bound path too
}

}  // namespace harness::app
