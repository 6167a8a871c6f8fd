#include "harness/app/scenario_options.hpp"

#include "harness/runner/runner.hpp"

namespace harness::app {

void add_scenario_options(CLI::App& command, capture::ScenarioOptions& options) {
  command.add_option(
      "--redact", options.redact,
      "Also keep this header's values (and a query parameter or JSON key of that name) out of the "
      "files, besides X-Auth-Token, Authorization, X-Security-Token and cookies; repeatable");
  command.add_option("--project-id", options.project_id,
                     "Write every captured project id as this one in the scenario (default: as captured)");
  command.add_flag("--keep-timing", options.keep_timing,
                   "Keep the time between exchanges as delays in the scenario (default: as comments)");
}

void check_scenario_options(const capture::ScenarioOptions& options) {
  for (const auto& name : options.redact)
    if (name.empty() || name.find_first_of(" :\r\n") != std::string::npos)
      throw runner::ConfigError("--redact \"" + name + "\": not a header name");
}

}  // namespace harness::app
