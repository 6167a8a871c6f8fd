#include <algorithm>
#include <optional>
#include <set>

#include "harness/runner/runner.hpp"
#include "harness/script/scenarios_root.hpp"

namespace harness::runner {
namespace {

bool ends_with(const std::filesystem::path& path, std::string_view suffix) {
  const std::string name = path.filename().string();
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_scenario(const std::filesystem::path& path) {
  return ends_with(path, ".lua") && !ends_with(path, ".d.lua") && !is_world_file(path);
}

// "./scenarios//a.lua" -> "scenarios/a.lua": report names and messages read the same however the path was
// typed.
std::string tidy(const std::filesystem::path& path) {
  return path.lexically_normal().generic_string();
}

// Every *.lua under `folder`, except in lib/ folders (the modules scenarios require). An entry that cannot be
// looked at (a symlink loop, a dangling link named *.lua, a listing that breaks off) is one problem of its
// own, and the files found still run.
void scan_folder(const std::string& given, Discovery& found, std::set<std::string>& files) {
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(given, ec);
  const std::filesystem::recursive_directory_iterator end;
  if (ec) throw ConfigError(given + ": cannot list the folder: " + ec.message());
  while (it != end) {
    const std::filesystem::path path = it->path();
    std::error_code entry_ec;
    if (path.filename() == "lib" && it->is_directory(entry_ec))  // modules for require(), not scenarios
      it.disable_recursion_pending();
    const bool regular = it->is_regular_file(entry_ec);  // follows symlinks: a loop fails here (ELOOP)
    if (entry_ec) {
      if (is_scenario(path) || it->is_symlink()) found.problems[tidy(path)] = entry_ec.message();
    } else if (regular && is_scenario(path)) {
      files.insert(tidy(path));
    }
    it.increment(ec);
    if (ec) {  // the listing itself broke off: said, and the files found so far still run
      found.problems[tidy(path)] = "cannot list the folder further: " + ec.message();
      break;
    }
  }
}

// The lib/ folder of the scenarios root that holds `given` (a module for require()), judged from the working
// directory down: an absolute path inside it counts as the relative one, so that a folder above the project
// that happens to hold lib/ (/var/lib of /var/lib/ci/project/scenarios/x.lua) makes nothing a module.
std::optional<std::filesystem::path> modules_folder_of(const std::filesystem::path& given) {
  std::filesystem::path path = given;
  std::error_code ec;
  if (path.is_absolute()) {
    const auto here = std::filesystem::current_path(ec);
    const auto relative = path.lexically_normal().lexically_relative(here);
    if (!ec && !relative.empty() && *relative.begin() != "..") path = relative;
  }
  auto lib = script::modules_folder_holding(path.string());
  if (lib && given.is_absolute() && !path.is_absolute()) lib = std::filesystem::current_path(ec) / *lib;
  return lib;
}

}  // namespace

bool is_world_file(const std::filesystem::path& path) {
  return ends_with(path, ".world.lua");
}

Discovery discover(const std::vector<std::string>& paths) {
  Discovery found;
  std::set<std::string> files;  // sorted and without repeats
  for (const auto& given : paths) {
    std::filesystem::path path(given);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      if (const auto lib = modules_folder_of(path / "x.lua"))
        throw ConfigError(given + ": modules for require() (" + lib->generic_string() +
                          " is the scenarios root's lib/), not scenarios: run the scenarios root instead");
      scan_folder(given, found, files);
    } else if (std::filesystem::is_regular_file(path, ec)) {
      if (path.extension() != ".lua") throw ConfigError(given + ": not a scenario file (*.lua)");
      if (!is_scenario(path))
        throw ConfigError(given + (is_world_file(path)
                                       ? ": a world file of harness serve (*.world.lua), not a scenario"
                                       : ": a LuaLS annotation file (*.d.lua), not a scenario"));
      if (const auto lib = modules_folder_of(path))
        throw ConfigError(given + ": a module for require() (in " + lib->generic_string() +
                          "), not a scenario: run the scenarios that require it");
      files.insert(tidy(path));
    } else {
      throw ConfigError(given + ": no such file or folder" + (ec ? " (" + ec.message() + ")" : ""));
    }
  }
  for (const auto& [path, problem] : found.problems) files.insert(path);
  found.files.assign(files.begin(), files.end());
  return found;
}

}  // namespace harness::runner
