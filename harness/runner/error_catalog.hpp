#pragma once
// The fake's default error codes and messages, read from fixtures/<service>/statuses.json.
#include <memory>
#include <string>
#include <vector>

#include "harness/contract/fixture_store.hpp"
#include "harness/fake/world.hpp"

namespace harness::runner {

// The services the fixtures document: every folder of the fixtures root with a statuses.json, sorted. A new
// service is a new folder (its declared endpoints come from scenarios: fake.endpoint).
std::vector<std::string> documented_services(const contract::FixtureStore& fixtures);

// Keys are "<service>:<endpoint>" and the status. A service without a statuses.json contributes nothing;
// a broken one throws contract::FixtureError.
std::shared_ptr<const fake::World::ErrorCatalog> load_error_catalog(const contract::FixtureStore& fixtures);

}  // namespace harness::runner
