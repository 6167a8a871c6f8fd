#include <algorithm>
#include <set>

#include "harness/runner/runner.hpp"

namespace harness::runner {
namespace {

bool is_scenario(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  auto ends_with = [&](const std::string& suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".lua") && !ends_with(".d.lua");
}

// "./scenarios//a.lua" -> "scenarios/a.lua": report names and messages read the same however the path was
// typed.
std::string tidy(const std::filesystem::path& path) {
  return path.lexically_normal().generic_string();
}

}  // namespace

std::vector<std::string> discover(const std::vector<std::string>& paths) {
  std::set<std::string> files;  // sorted and without repeats
  for (const auto& given : paths) {
    std::filesystem::path path(given);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && is_scenario(it->path())) files.insert(tidy(it->path()));
      if (ec) throw ConfigError(given + ": cannot list the folder: " + ec.message());
    } else if (std::filesystem::is_regular_file(path, ec)) {
      if (path.extension() != ".lua") throw ConfigError(given + ": not a scenario file (*.lua)");
      if (!is_scenario(path))
        throw ConfigError(given + ": a LuaLS annotation file (*.d.lua), not a scenario");
      files.insert(tidy(path));
    } else {
      throw ConfigError(given + ": no such file or folder");
    }
  }
  return {files.begin(), files.end()};
}

}  // namespace harness::runner
