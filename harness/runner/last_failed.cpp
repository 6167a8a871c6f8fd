#include "harness/runner/last_failed.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/runner/runner.hpp"

namespace harness::runner {
namespace {

constexpr int kVersion = 1;

// The names the harness gives to results about a whole file (script/scenario.cpp, runner.cpp).
bool about_whole_file(const std::string& file, const std::string& name) {
  return name == "(load " + file + ")" || name == "(find " + file + ")" ||
         name == "(all cases of " + file + ")";
}

bool failed(report::Outcome outcome) {
  return outcome == report::Outcome::failed || outcome == report::Outcome::errored;
}

}  // namespace

bool LastFailed::holds(const std::string& file, const std::string& title) const {
  if (files.count(file)) return true;
  const auto found = cases.find(file);
  return found != cases.end() && found->second.count(title);
}

bool LastFailed::touches(const std::string& file) const {
  return files.count(file) || cases.count(file);
}

std::size_t LastFailed::size() const {
  std::size_t count = files.size();
  for (const auto& [file, titles] : cases) count += titles.size();
  return count;
}

std::filesystem::path last_failed_path(const std::filesystem::path& report) {
  std::filesystem::path state = report;
  state.replace_extension(".last-failed.json");
  return state;
}

LastFailed read_last_failed(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw ConfigError(path.string() + ": cannot read the --lf state");
  const std::string why = ": not a last-failed state (delete it to start afresh): ";
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) throw ConfigError(path.string() + why + "not JSON");
  if (!json.is_object() || json.value("version", 0) != kVersion)
    throw ConfigError(path.string() + why + "expected {\"version\": 1, ...}");
  const auto files = json.value("failed_files", nlohmann::json::array());
  const auto cases = json.value("failed_cases", nlohmann::json::object());
  if (!files.is_array() || !cases.is_object())
    throw ConfigError(path.string() + why + "failed_files must be a list, failed_cases an object");
  LastFailed state;
  try {
    for (const auto& file : files) state.files.insert(file.get<std::string>());
    for (const auto& [file, titles] : cases.items()) {
      if (!titles.is_array()) throw ConfigError(path.string() + why + "failed_cases." + file + " is no list");
      for (const auto& title : titles) state.cases[file].insert(title.get<std::string>());
    }
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(path.string() + why + e.what());
  }
  return state;
}

std::string last_failed_json(const LastFailed& state) {
  nlohmann::json cases = nlohmann::json::object();
  for (const auto& [file, titles] : state.cases) cases[file] = titles;
  const nlohmann::json json = {{"version", kVersion}, {"failed_files", state.files}, {"failed_cases", cases}};
  // Replace, not throw, on text that is not UTF-8: a title is whatever the scenario said.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

LastFailed update_last_failed(const LastFailed& before, const report::RunResult& run) {
  LastFailed after = before;
  for (const auto& suite : run.suites) {
    bool file_ran = report::load_failed(suite);
    for (const auto& result : suite.cases) {
      if (result.outcome == report::Outcome::skipped) continue;
      file_ran = true;
      if (about_whole_file(suite.file, result.name)) continue;
      auto found = after.cases.find(suite.file);
      if (found != after.cases.end()) found->second.erase(result.name);
    }
    if (file_ran) after.files.erase(suite.file);
    if (auto found = after.cases.find(suite.file); found != after.cases.end() && found->second.empty())
      after.cases.erase(found);
    if (report::load_failed(suite)) after.files.insert(suite.file);
    for (const auto& result : suite.cases) {
      if (!failed(result.outcome)) continue;
      if (about_whole_file(suite.file, result.name))
        after.files.insert(suite.file);
      else
        after.cases[suite.file].insert(result.name);
    }
  }
  return after;
}

}  // namespace harness::runner
