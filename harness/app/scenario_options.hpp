#pragma once
// The options `harness import` and `harness record` share: what the generated scenario keeps and hides.
#include <CLI/CLI.hpp>

#include "harness/capture/scenario_writer.hpp"

namespace harness::app {

// --redact NAME (repeatable), --project-id ID, --keep-timing.
void add_scenario_options(CLI::App& command, capture::ScenarioOptions& options);

// Throws runner::ConfigError for a --redact that cannot be a header name (empty, a space, a colon).
void check_scenario_options(const capture::ScenarioOptions& options);

}  // namespace harness::app
