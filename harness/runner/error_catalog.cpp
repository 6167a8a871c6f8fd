#include "harness/runner/error_catalog.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace harness::runner {

std::shared_ptr<const fake::World::ErrorCatalog> load_error_catalog(const contract::FixtureStore& fixtures) {
  auto catalog = std::make_shared<fake::World::ErrorCatalog>();
  for (const char* service : {"sdrs", "kps", "vbs"}) {
    const std::string name = std::string(service) + "/statuses";
    if (!std::filesystem::exists(fixtures.root() / (name + ".json"))) continue;
    const auto table = fixtures.load(name);
    for (const auto& [endpoint, entry] : table.items()) {
      if (!entry.is_object() || !entry.contains("statuses")) continue;  // "$comment" and the like
      for (const auto& [status, row] : entry.at("statuses").items()) {
        if (!row.contains("code") || !row.contains("message")) continue;
        (*catalog)[{std::string(service) + ":" + endpoint, std::stoi(status)}] = {
            row.at("code").get<std::string>(), row.at("message").get<std::string>()};
      }
    }
  }
  return catalog;
}

}  // namespace harness::runner
