#pragma once
// The scenarios root: where require() finds modules (its lib/ folder), and so which files are modules rather
// than scenarios. Public: the runner refuses a module given by name.
#include <filesystem>
#include <optional>
#include <string>

namespace harness::script {

// The nearest folder holding lib/, from the file's own folder up to the folder its path is relative to (for
// an absolute path, up to but not including /); nullopt when there is none.
std::optional<std::filesystem::path> scenarios_root(const std::string& file);

// The lib/ folder of `file`'s scenarios root when `file` lies inside it (a module for require()), else
// nullopt.
std::optional<std::filesystem::path> modules_folder_holding(const std::string& file);

}  // namespace harness::script
