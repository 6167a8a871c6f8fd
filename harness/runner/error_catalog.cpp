#include "harness/runner/error_catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace harness::runner {

std::vector<std::string> documented_services(const contract::FixtureStore& fixtures) {
  std::vector<std::string> services;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures.root(), error))
    if (entry.is_directory(error) && std::filesystem::exists(entry.path() / "statuses.json", error))
      services.push_back(entry.path().filename().string());
  std::sort(services.begin(), services.end());
  return services;
}

std::shared_ptr<const fake::World::ErrorCatalog> load_error_catalog(const contract::FixtureStore& fixtures) {
  auto catalog = std::make_shared<fake::World::ErrorCatalog>();
  for (const auto& service : documented_services(fixtures)) {
    const std::string name = service + "/statuses";
    const auto table = fixtures.load(name);
    for (const auto& [endpoint, entry] : table.items()) {
      if (!entry.is_object() || !entry.contains("statuses")) continue;  // "$comment" and the like
      for (const auto& [status, row] : entry.at("statuses").items()) {
        if (!row.contains("code") || !row.contains("message")) continue;
        (*catalog)[{service + ":" + endpoint, std::stoi(status)}] = {row.at("code").get<std::string>(),
                                                                     row.at("message").get<std::string>()};
      }
    }
  }
  return catalog;
}

}  // namespace harness::runner
