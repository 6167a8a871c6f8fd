#include "harness/fake/job_status.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/router.hpp"

namespace harness::fake {
namespace {

using Json = nlohmann::ordered_json;  // keeps the page's field order

// Where a job stands: the state, and when (on the world's clock) it was reached.
struct Step {
  const std::string& state;
  std::int64_t reached_ms;
};

Step step_at(const JobSpec& spec, int poll, std::int64_t begin_ms, std::int64_t now_ms) {
  const std::size_t last = spec.timeline.size() - 1;
  if (spec.durations_ms.empty()) {
    // By count: one state per GET. Each poll is taken to be one second of the job's own time, so end_time
    // follows begin_time even when the scenario never advances the clock.
    return {spec.timeline[std::min<std::size_t>(static_cast<std::size_t>(poll), last)],
            begin_ms + 1000LL * poll};
  }
  std::int64_t at = begin_ms;  // by time: each state lasts its seconds of the world's clock
  for (std::size_t i = 0; i < last; ++i) {
    if (now_ms < at + spec.durations_ms[i]) return {spec.timeline[i], at};
    at += spec.durations_ms[i];
  }
  return {spec.timeline[last], at};
}

// True once nothing about the job's answer can change: it is on its last state (by count or by time).
bool on_last_state(const JobSpec& spec, int poll, std::int64_t begin_ms, std::int64_t now_ms) {
  if (spec.durations_ms.empty()) return static_cast<std::size_t>(poll) + 1 >= spec.timeline.size();
  std::int64_t total = 0;
  for (auto ms : spec.durations_ms) total += ms;
  return now_ms >= begin_ms + total;
}

// The job's body; a sub-job's with its fields as given laid over (the parent's are laid over once its
// sub-jobs are in place).
Json render(const JobSpec& spec, const Step& step, std::int64_t begin_ms, std::optional<std::int64_t>& end_ms,
            bool sub_job) {
  const std::string& state = step.state;
  const bool terminal = is_terminal(state);
  if (terminal && !end_ms) end_ms = step.reached_ms;
  const bool failed = state == "FAIL";
  Json job;
  job["status"] = state;
  job["entities"] = Json::object();
  for (const auto& [key, value] : spec.entities) job["entities"][key] = value;
  job["job_id"] = spec.job_id;
  job["job_type"] = spec.job_type;
  job["begin_time"] = spec.begin_time ? *spec.begin_time : format_time(begin_ms);
  job["end_time"] = !terminal ? Json(nullptr) : Json(spec.end_time ? *spec.end_time : format_time(*end_ms));
  job["error_code"] = failed ? Json(spec.error_code.value_or("SDRS.0405")) : Json(nullptr);
  job["fail_reason"] = failed ? Json(spec.fail_reason.value_or("Failed to execute the job.")) : Json(nullptr);
  if (sub_job && spec.overrides) lay_over(job, *spec.overrides);
  return job;
}

// JSON text of a string, as nlohmann's dump() writes it. Printable ASCII without '"' or '\\' (ids, types,
// states, times) is written as it is; anything else goes through nlohmann, so escapes and its handling of
// invalid UTF-8 stay exactly the library's.
void append_string(std::string& out, const std::string& text) {
  bool plain = true;
  for (const char c : text) plain &= static_cast<unsigned char>(c - 0x20) < 0x5f && c != '"' && c != '\\';
  if (!plain) {
    out += json_text(Json(text));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// render() can be written straight as text when the JSON tree has no surprises: no sub-jobs (their place
// depends on the service) and no entity key given twice (a JSON object keeps one).
bool renders_as_text(const JobSpec& spec) {
  if (!spec.sub_jobs.empty() || spec.overrides) return false;  // laid-over fields need the tree
  for (std::size_t i = 0; i < spec.entities.size(); ++i)
    for (std::size_t j = i + 1; j < spec.entities.size(); ++j)
      if (spec.entities[i].first == spec.entities[j].first) return false;
  return true;
}

// The same bytes as render(spec, step, ...).dump() for a job renders_as_text() accepts, without building the
// tree: about a tenth of the instructions, so a settled job's body need not be kept (10,000 jobs' bodies are
// ~4 MB of a `harness serve` process).
std::string render_text(const JobSpec& spec, const Step& step, std::int64_t begin_ms,
                        std::optional<std::int64_t>& end_ms) {
  const std::string& state = step.state;
  const bool terminal = is_terminal(state);
  if (terminal && !end_ms) end_ms = step.reached_ms;
  const bool failed = state == "FAIL";
  std::string out;
  out.reserve(512);
  out += "{\"status\":";
  append_string(out, state);
  out += ",\"entities\":{";
  for (std::size_t i = 0; i < spec.entities.size(); ++i) {
    if (i > 0) out += ',';
    append_string(out, spec.entities[i].first);
    out += ':';
    append_string(out, spec.entities[i].second);
  }
  out += "},\"job_id\":";
  append_string(out, spec.job_id);
  out += ",\"job_type\":";
  append_string(out, spec.job_type);
  out += ",\"begin_time\":";
  append_string(out, spec.begin_time ? *spec.begin_time : format_time(begin_ms));
  out += ",\"end_time\":";
  if (terminal)
    append_string(out, spec.end_time ? *spec.end_time : format_time(*end_ms));
  else
    out += "null";
  out += ",\"error_code\":";
  if (failed)
    append_string(out, spec.error_code.value_or("SDRS.0405"));
  else
    out += "null";
  out += ",\"fail_reason\":";
  if (failed)
    append_string(out, spec.fail_reason.value_or("Failed to execute the job."));
  else
    out += "null";
  out += '}';
  return out;
}

Response with_headers(const JobSpec& spec, Response response) {
  response.scenario_headers = spec.headers;
  return response;
}

}  // namespace

Response serve_job_status(World& world, std::string_view project_id, std::string_view job_id) {
  Job* job = world.find_job(project_id, job_id);
  if (!job)
    return nested_error(
        404, "HARNESS.0404",
        "The job " + std::string(job_id) + " does not exist in project " + std::string(project_id) + ".");
  const int poll = job->polls++;
  const JobSpec& spec = *job->spec;
  if (!job->settled_body.empty()) {  // settled: the job and its sub-jobs sit on their last states
    auto response = with_headers(spec, json_response(200, job->settled_body));
    response.served_states = spec.timeline.back();
    for (const auto& sub : spec.sub_jobs) response.served_states += " " + sub.timeline.back();
    return response;
  }
  const auto now = world.now_ms();
  if (renders_as_text(spec)) {
    const Step step = step_at(spec, poll, job->begin_ms, now);
    std::string text = render_text(spec, step, job->begin_ms, job->end_ms);
#ifndef NDEBUG  // debug builds (the tests) hold the text to the tree it stands for
    if (text != json_text(render(spec, step, job->begin_ms, job->end_ms, false)))
      throw std::logic_error("render_text differs from render: " + text);
#endif
    auto response = with_headers(spec, json_response(200, std::move(text)));
    response.served_states = step.state;
    return response;
  }
  const Step step = step_at(spec, poll, job->begin_ms, now);
  std::string served = step.state;
  Json body = render(spec, step, job->begin_ms, job->end_ms, false);

  if (!spec.sub_jobs.empty()) {
    Json subs = Json::array();
    for (std::size_t i = 0; i < spec.sub_jobs.size(); ++i) {
      const Step sub_step = step_at(spec.sub_jobs[i], poll, job->begin_ms, now);
      served += " " + sub_step.state;
      subs.push_back(render(spec.sub_jobs[i], sub_step, job->begin_ms, job->sub_end_ms[i], true));
    }
    // SDRS nests sub-jobs in entities; VBS puts them at the top (API.md, contradiction 5).
    if (spec.service == Service::sdrs)
      body["entities"]["sub_jobs"] = std::move(subs);
    else
      body["sub_jobs"] = std::move(subs);
  }
  if (spec.overrides) lay_over(body, *spec.overrides);
  std::string text = json_text(body);
  bool settled = on_last_state(spec, poll, job->begin_ms, now);
  for (const auto& sub : spec.sub_jobs) settled = settled && on_last_state(sub, poll, job->begin_ms, now);
  if (settled) job->settled_body = text;  // end_time was fixed by render() above
  auto response = with_headers(spec, json_response(200, std::move(text)));
  response.served_states = std::move(served);
  return response;
}

}  // namespace harness::fake
