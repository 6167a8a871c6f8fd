#pragma once
// Contract coverage from the fake's journal: the documented universe from the fixtures, and what each case's
// world shows once the case has ended (the world is reset to its baseline before the next case).
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/world.hpp"
#include "harness/report/coverage.hpp"

namespace harness::runner {

// Every endpoint of fixtures/<service>/statuses.json with its documented statuses (the success status and
// every abnormal one), every fault kind and every job state the job-status schema allows, each at 0. Throws
// contract::FixtureError for a broken table.
report::Coverage documented_coverage(const contract::FixtureStore& fixtures);

// Adds what `world`'s journal holds to `coverage` (which documented_coverage() made).
void collect_coverage(fake::World& world, report::Coverage& coverage);

}  // namespace harness::runner
