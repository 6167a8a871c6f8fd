// fake.job{...} and POST /__admin/jobs: a job with its timeline, sub-jobs and the fields served as given.
#include <cmath>

#include "harness/fake/spec_fields.hpp"

namespace harness::fake {
namespace {

using spec_detail::Fields;
using spec_detail::Json;

// A state is a string (held for one GET) or {"state": "STATE", "seconds": N} (held for N seconds of the
// world's clock); Lua writes the latter {"STATE", seconds = N}, which arrives with the state under "1".
void read_timeline(const Fields& fields, JobView& spec) {
  const auto timeline = fields.find("timeline");
  if (!timeline || !spec_detail::is_list(*timeline) || timeline->empty())
    fields.fail("timeline", "must be a list of states (at least one)");
  const char* shape = "must be a state or {\"STATE\", seconds = N} ({\"state\": \"STATE\", \"seconds\": N})";
  const std::size_t n = timeline->size();
  spec.timeline.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    // The field's name is only written for an error: a world of 10,000 jobs built it for every state.
    auto at = [i] { return "timeline[" + std::to_string(i + 1) + "]"; };
    const SpecValue step = (*timeline)[i];
    if (step.is_string()) {
      spec.timeline.emplace_back(step.string());
      if (i + 1 < n && !spec.durations_ms.empty())
        fields.fail(at(), "a timeline by time gives every state but the last its seconds");
      continue;
    }
    if (!step.is_object()) fields.fail(at(), shape);
    auto state = step.find("state");
    if (!state) state = step.find("1");
    const auto seconds = step.find("seconds");
    if (!state || !state->is_string() || step.size() != 1u + seconds.has_value()) fields.fail(at(), shape);
    spec.timeline.emplace_back(state->string());
    if (i + 1 == n) continue;  // the last state lasts
    if (!seconds || !seconds->is_number() || !(seconds->number() >= 0) || seconds->number() > 1e9)
      fields.fail(at() + ".seconds", "must be a number of seconds from 0 to 1e9");
    spec.durations_ms.push_back(std::llround(seconds->number() * 1000));
  }
  if (!spec.durations_ms.empty() && spec.durations_ms.size() != spec.timeline.size() - 1)
    fields.fail("timeline", "by time, every state but the last needs its seconds");
}

// Entity values that are strings are the page's; any other value is served as given.
void read_entities(const Fields& fields, JobView& spec, Json& overrides) {
  const auto entities = fields.find("entities");
  if (!entities) return;
  if (!entities->is_object()) fields.fail("entities", "must be a table of names");
  spec.entities.reserve(entities->size());
  for (std::size_t i = 0; i < entities->size(); ++i) {
    const SpecValue value = (*entities)[i];
    if (value.is_string())
      spec.entities.emplace_back(value.key(), value.string());
    else
      overrides["entities"][std::string(value.key())] = value.json();
  }
}

// Fills the empty `spec` with views of `body`'s strings (and of `project_id`).
void read_job(const SpecValue& body, const std::string& where, bool top, const std::string& project_id,
              JobView& spec) {
  static const std::vector<std::string_view> kJob = {
      "service",     "project_id", "job_id",   "job_type", "timeline", "entities", "error_code",
      "fail_reason", "begin_time", "end_time", "sub_jobs", "extra",    "headers"};
  static const std::vector<std::string_view> kSubJob = {"job_id",     "job_type",   "timeline",
                                                        "entities",   "error_code", "fail_reason",
                                                        "begin_time", "end_time",   "extra"};
  const auto& allowed = top ? kJob : kSubJob;
  Fields fields(body, where, allowed);
  Json overrides;  // null until a field is served as given: most jobs have none
  if (top) {
    const auto service = fields.text("service");
    if (!service.empty() && service != "sdrs" && service != "vbs")
      fields.fail("service", "\"" + std::string(service) +
                                 "\" is not one of sdrs, vbs (another service's job API: fake.endpoint)");
    if (!service.empty()) spec.service = service;
    spec.project_id = fields.text("project_id");
    if (spec.project_id.empty()) spec.project_id = project_id;
    spec.headers = fields.header_map("headers");
  }
  spec.job_id = fields.text("job_id");
  if (!fields.given("job_type")) fields.fail("job_type", "must be given (any string, or null)");
  fields.served("job_type", spec.job_type, overrides);
  fields.served("error_code", spec.error_code, overrides);
  fields.served("fail_reason", spec.fail_reason, overrides);
  fields.served("begin_time", spec.begin_time, overrides);
  fields.served("end_time", spec.end_time, overrides);
  read_timeline(fields, spec);
  read_entities(fields, spec, overrides);
  fields.extra(overrides);
  spec.overrides = spec_detail::keep(std::move(overrides));

  if (top)
    if (const auto subs = fields.find("sub_jobs")) {
      if (!spec_detail::is_list(*subs)) fields.fail("sub_jobs", "must be a list of jobs");
      spec.sub_jobs.resize(subs->size());
      for (std::size_t i = 0; i < subs->size(); ++i)
        read_job((*subs)[i], where + "sub_jobs[" + std::to_string(i + 1) + "].", false, project_id,
                 spec.sub_jobs[i]);
    }
}

}  // namespace

void job_view(const SpecValue& spec, const std::string& project_id, JobView& into) {
  into.clear();
  read_job(spec, "", true, project_id, into);
}

JobSpec job_spec(const SpecValue& spec, const std::string& project_id) {
  JobView view;
  read_job(spec, "", true, project_id, view);
  return spec_of(view);
}

}  // namespace harness::fake
