// PLACEHOLDER (h11rec's worktree only; the lead deletes it at merge): h11write's scenario_writer.cpp is the
// real write_scenario. This one lets `harness record -o` link and write a file before that merge.
#include "harness/capture/scenario_writer.hpp"

namespace harness::capture {

std::string write_scenario(const Capture& capture, const ScenarioOptions&) {
  if (capture.exchanges.empty())
    throw CaptureError("write_scenario: the capture " + capture.source + " is empty");
  return "-- placeholder scenario for " + std::to_string(capture.exchanges.size()) + " exchanges of " +
         capture.origin + " (scenario_writer_placeholder.cpp)\n";
}

}  // namespace harness::capture
