#pragma once
// What scenario_writer.cpp works on between the capture and the Lua text: each exchange as a step (redacted,
// its project id mapped, its endpoint known), grouped into the cases that will replay them, and the world
// (as the JSON specs fake.* takes) those steps imply.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/capture/capture.hpp"
#include "harness/capture/lua_text.hpp"
#include "harness/capture/scenario_writer.hpp"

namespace harness::capture::writing {

using Json = lua_text::Json;

enum class StepKind {
  job_poll,      // GET /v1/{project_id}/jobs/{job_id}
  failure_jobs,  // SDRS task-center: the list and its DELETEs
  kps,           // KPS failed-tasks, running-tasks, tasks/{id} and DELETEs
  wrong_method,  // a built-in path with a method it does not have: the fake's own 405
  declared,      // an endpoint the fake does not know
};

struct Step {
  std::size_t number = 0;  // 1-based position in the capture
  const CapturedExchange* exchange = nullptr;
  std::string method;
  std::string path;    // redacted, project id mapped, as sent
  std::string query;   // after '?', redacted and mapped; empty when none
  HeaderList headers;  // what the case sends: the captured headers that matter, secrets as placeholders
  std::string body;    // the request body, redacted and mapped
  int status = 0;
  std::string failure;  // how it failed when status is 0 ("reset", "closed", "timeout", "truncated", ...)
  std::optional<std::string> response_body;  // redacted and mapped; nullopt when the capture has none
  std::optional<Json> response_json;         // the response body parsed, when it is JSON
  std::string content_type;                  // of the response, as captured
  HeaderList response_headers;               // those a declared answer keeps, redacted

  StepKind kind = StepKind::declared;
  std::string key;            // the built-in endpoint's key ("GET /v1/{project_id}/jobs/{job_id}"), else ""
  std::string service;        // sdrs, vbs, kps, or the declared endpoint's service
  std::string project;        // the {project_id} of a built-in path (mapped)
  std::string job_id;         // of a job poll
  std::string group;          // which case replays it
  std::string declared_path;  // the template a declared endpoint is written with

  // Set when the world the file writes cannot answer it by itself: the fault spec's action
  // (status/body/content_type, reset, close, hang, truncate) and, with keep_timing, its delay.
  std::optional<Json> fault;
  std::string fault_note;     // why it is a fault, for the comment above it
  bool forced_fault = false;  // a job poll answered by a 200 fault with the captured body (simulate())
  bool success_body_checked = false;  // conforms against the endpoint's success schema
  std::string error_schema;           // conforms against this error schema ("" for none)
};

struct Steps {
  std::vector<Step> steps;
  std::vector<std::string> group_order;  // groups in the order their first request came
  bool project_mapped = false;           // options.project_id was given
  std::string project_value;             // options.project_id
  std::string host_service;              // the origin host's first label ("vbs" of vbs.example.com), or ""
};

// The world, as specs for fake.job, fake.failure_job, fake.kps_task and fake.endpoint (in that order),
// each with the comment lines written above it.
struct WorldSpec {
  struct Item {
    std::string function;  // "fake.job"
    Json spec;
    std::vector<std::string> comments;
    std::string handle;  // a local name to keep the returned handle in, or ""
  };
  std::vector<Item> items;
  std::vector<std::string> notes;  // file-level comments (what the capture could not say)
};

// capture_steps.cpp: the capture's exchanges as steps (secrets out, ids mapped, endpoints known, grouped).
Steps read_steps(const Capture& capture, const ScenarioOptions& options);

// capture_redact.cpp: what never lands in the file.
struct Redactor {
  explicit Redactor(const std::vector<std::string>& extra_names);
  bool secret(std::string_view name) const;  // a header, query parameter or JSON key
  std::string header_value(std::string_view name, std::string_view value) const;  // keeps "SDK-HMAC-SHA256"
  std::string query(std::string_view query) const;  // values of secret parameters replaced
  void json(Json& value) const;                     // values of secret keys replaced, at any depth
  std::vector<std::string> names;                   // lower case
};
inline constexpr const char* kRedacted = "<redacted>";

// A job poll the fake counts as one (it answered it, maybe cut short after): the polls give the timeline.
bool counts_as_poll(const Step& step);

// world_jobs.cpp / world_rows.cpp / world_declared.cpp: the world the steps imply.
void add_jobs(const Steps& steps, WorldSpec& world);
void add_rows(const Steps& steps, WorldSpec& world);
void add_declared(const Steps& steps, WorldSpec& world);

// world_simulation.cpp: replays each group against the world in the fake's own router and gives the steps it
// does not answer as captured their fault. A job poll whose body the job's fields cannot give is marked
// forced_fault instead, and true returned: the jobs must be written again without it, and simulated again.
bool simulate(Steps& steps, const WorldSpec& world, const ScenarioOptions& options);
// The faults the steps need, scheduled (nth/times/after) on their method and path, in the order they
// happened.
std::vector<WorldSpec::Item> fault_items(const Steps& steps);

// case_writer.cpp: one case per group, replaying its steps in order.
std::string write_cases(const Steps& steps);

// A path (with its query) as a Lua expression: a literal, or with the mapped project id as `project_id`.
Json path_expression(const Steps& steps, const std::string& path, const std::string& query = "");

}  // namespace harness::capture::writing
