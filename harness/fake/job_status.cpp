#include "harness/fake/job_status.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/services.hpp"

namespace harness::fake {
namespace {

using OrderedJson = nlohmann::ordered_json;  // keeps the page's field order

// Where a job stands: the state, and when (on the world's clock) it was reached.
struct Step {
  std::string_view state;
  std::int64_t reached_ms;
};

Step step_at(const PackedJob& spec, int poll, std::int64_t begin_ms, std::int64_t now_ms) {
  const std::size_t last = spec.states() - 1;
  if (!spec.by_time()) {
    // By count: one state per GET. Each poll is taken to be one second of the job's own time, so end_time
    // follows begin_time even when the scenario never advances the clock.
    return {spec.state(std::min<std::size_t>(static_cast<std::size_t>(poll), last)),
            begin_ms + 1000LL * poll};
  }
  std::int64_t at = begin_ms;  // by time: each state lasts its seconds of the world's clock
  for (std::size_t i = 0; i < last; ++i) {
    if (now_ms < at + spec.duration_ms(i)) return {spec.state(i), at};
    at += spec.duration_ms(i);
  }
  return {spec.state(last), at};
}

// True once nothing about the job's answer can change: it is on its last state (by count or by time).
bool on_last_state(const PackedJob& spec, int poll, std::int64_t begin_ms, std::int64_t now_ms) {
  if (!spec.by_time()) return static_cast<std::size_t>(poll) + 1 >= spec.states();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < spec.durations(); ++i) total += spec.duration_ms(i);
  return now_ms >= begin_ms + total;
}

// JSON text of a string, as nlohmann's dump() writes it. Printable ASCII without '"' or '\\' (ids, types,
// states, times) is written as it is; anything else goes through nlohmann, so escapes and its handling of
// invalid UTF-8 stay exactly the library's.
void append_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) plain &= static_cast<unsigned char>(c - 0x20) < 0x5f && c != '"' && c != '\\';
  if (!plain) {
    out += json_text(OrderedJson(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

void append_or_null(std::string& out, bool present, std::string_view text) {
  if (present)
    append_string(out, text);
  else
    out += "null";
}

// The one writer of a job's body, written straight as text (about a tenth of the instructions of building
// a JSON tree). `sub_jobs` is the sub-jobs' array as text, or empty; it goes where the service puts it. The
// fields the scenario gave as they are (overrides) are laid over the text's tree: the rare case pays for it.
std::string write_job(const PackedJob& spec, const Step& step, std::int64_t begin_ms,
                      std::optional<std::int64_t>& end_ms, const std::string& sub_jobs,
                      bool sub_jobs_in_entities) {
  const std::string_view state = step.state;
  const bool terminal = is_terminal(state);
  if (terminal && !end_ms) end_ms = step.reached_ms;
  const bool failed = state == "FAIL";
  const bool subs_in_entities = !sub_jobs.empty() && sub_jobs_in_entities;
  std::string out;
  out.reserve(512 + sub_jobs.size());
  out += "{\"status\":";
  append_string(out, state);
  out += ",\"entities\":{";
  bool first = true;
  for (std::size_t i = 0; i < spec.entities(); ++i) {
    const auto [key, value] = spec.entity(i);
    if (subs_in_entities && key == "sub_jobs") continue;  // the sub-jobs take the key
    if (!first) out += ',';
    first = false;
    append_string(out, key);
    out += ':';
    append_string(out, value);
  }
  if (subs_in_entities) {
    out += first ? "\"sub_jobs\":" : ",\"sub_jobs\":";
    out += sub_jobs;
  }
  out += "},\"job_id\":";
  append_string(out, spec.job_id());
  out += ",\"job_type\":";
  append_string(out, spec.job_type());
  out += ",\"begin_time\":";
  if (auto given = spec.begin_time())
    append_string(out, *given);
  else
    append_string(out, format_time(begin_ms));
  out += ",\"end_time\":";
  if (!terminal)
    out += "null";
  else if (auto given = spec.end_time())
    append_string(out, *given);
  else
    append_string(out, format_time(*end_ms));
  out += ",\"error_code\":";
  append_or_null(out, failed, spec.error_code().value_or("SDRS.0405"));
  out += ",\"fail_reason\":";
  append_or_null(out, failed, spec.fail_reason().value_or("Failed to execute the job."));
  if (!sub_jobs.empty() && !sub_jobs_in_entities) {
    out += ",\"sub_jobs\":";
    out += sub_jobs;
  }
  out += '}';
  if (!spec.overrides()) return out;
  auto tree = OrderedJson::parse(out);
  lay_over(tree, *spec.overrides());
  return json_text(tree);
}

Response with_headers(const PackedJob& spec, Response response) {
  response.scenario_headers = spec.headers();
  return response;
}

}  // namespace

Response serve_job_status(World& world, const Request&, const PathParams& params) {
  const auto project_id = *params.get("project_id");
  const auto job_id = *params.get("job_id");
  Job* job = world.find_job(project_id, job_id);
  if (!job)
    return documented_error_response(
        world, "sdrs", "GET /v1/{project_id}/jobs/{job_id}", 404,
        {"HARNESS.0404",
         "The job " + std::string(job_id) + " does not exist in project " + std::string(project_id) + "."});
  const int poll = job->polls++;
  const PackedJob& spec = *job->spec;
  const auto& subs = spec.sub_jobs();
  if (job->settled_body) {  // settled: the job and its sub-jobs sit on their last states
    auto response = with_headers(spec, json_response(200, *job->settled_body));
    response.served_states = spec.last_state();
    for (const auto& sub : subs) (response.served_states += ' ') += sub.last_state();
    return response;
  }
  const auto now = world.now_ms();
  const Step step = step_at(spec, poll, job->begin_ms, now);
  std::string served(step.state);
  std::string sub_jobs;
  if (!subs.empty()) {
    sub_jobs = "[";
    for (std::size_t i = 0; i < subs.size(); ++i) {
      const Step sub_step = step_at(subs[i], poll, job->begin_ms, now);
      (served += ' ') += sub_step.state;
      if (i > 0) sub_jobs += ',';
      sub_jobs += write_job(subs[i], sub_step, job->begin_ms, job->sub_end_ms[i], {}, false);
    }
    sub_jobs += ']';
  }
  std::string text = write_job(spec, step, job->begin_ms, job->end_ms, sub_jobs,
                               service_profile(spec.service()).sub_jobs_in_entities);
  // A settled body is kept only where writing it again costs more than keeping it: sub-jobs or overrides.
  if (!subs.empty() || spec.overrides()) {
    bool settled = on_last_state(spec, poll, job->begin_ms, now);
    for (const auto& sub : subs) settled = settled && on_last_state(sub, poll, job->begin_ms, now);
    if (settled) job->settled_body = std::make_shared<const std::string>(text);  // end_time fixed above
  }
  auto response = with_headers(spec, json_response(200, std::move(text)));
  response.served_states = std::move(served);
  return response;
}

}  // namespace harness::fake
