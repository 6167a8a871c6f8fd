#pragma once
// Turns a capture into the Lua scenario a person would have written: the world the exchanges imply (jobs with
// the timelines the polls saw, failure-job rows, KPS tasks, faults in the order they happened, declared
// endpoints for what the fake does not know) and cases that replay the requests in order and assert what the
// client saw (statuses, and `conforms` against the fixture of every known endpoint).
#include <string>
#include <vector>

#include "harness/capture/capture.hpp"

namespace harness::capture {

struct ScenarioOptions {
  // Header names (any case) whose values never land in the file, on top of the built-in ones (X-Auth-Token,
  // Authorization, X-Security-Token, Cookie, Set-Cookie, AK/SK signature headers): `--redact NAME`.
  std::vector<std::string> redact;
  // Project ids: kept as captured when empty; else every captured project id is written as this one
  // (`--project-id`), and the file uses the global `project_id` where it was.
  std::string project_id;
  // Timing between exchanges: a comment per exchange by default; as `delay` faults with `--keep-timing`.
  bool keep_timing = false;
};

// The whole file's text. Throws CaptureError when the capture cannot be turned into a scenario (nothing in it).
std::string write_scenario(const Capture& capture, const ScenarioOptions& options = {});

}  // namespace harness::capture
