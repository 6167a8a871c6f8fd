#pragma once
// The fake's default error codes and messages, read from fixtures/<service>/statuses.json.
#include <memory>

#include "harness/contract/fixture_store.hpp"
#include "harness/fake/world.hpp"

namespace harness::runner {

// Keys are "<service>:<endpoint>" and the status. A service without a statuses.json contributes nothing;
// a broken one throws contract::FixtureError.
std::shared_ptr<const fake::World::ErrorCatalog> load_error_catalog(const contract::FixtureStore& fixtures);

}  // namespace harness::runner
