#include "harness/script/scenarios_root.hpp"

#include <algorithm>

namespace harness::script {

namespace fs = std::filesystem;

std::optional<fs::path> scenarios_root(const std::string& file) {
  fs::path folder = fs::path(file).parent_path();
  for (;;) {
    const fs::path lib = folder.empty() ? fs::path("lib") : folder / "lib";
    std::error_code ec;
    if (fs::is_directory(lib, ec)) return folder;
    if (folder.empty() || folder == folder.root_path()) return std::nullopt;
    const fs::path parent = folder.parent_path();
    if (parent == folder.root_path() && folder.is_absolute()) return std::nullopt;
    folder = parent;
  }
}

std::optional<fs::path> modules_folder_holding(const std::string& file) {
  const auto root = scenarios_root(file);
  if (!root) return std::nullopt;
  const fs::path lib = (root->empty() ? fs::path("lib") : *root / "lib").lexically_normal();
  const fs::path path = fs::path(file).lexically_normal();
  auto [end, at] = std::mismatch(lib.begin(), lib.end(), path.begin(), path.end());
  if (end != lib.end()) return std::nullopt;
  return lib;
}

}  // namespace harness::script
