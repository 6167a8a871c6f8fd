#include "harness/fake/job_status.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

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

Json render(const JobSpec& spec, const Step& step, std::int64_t begin_ms,
            std::optional<std::int64_t>& end_ms) {
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
  return job;
}

}  // namespace

Response serve_job_status(World& world, const std::string& project_id, const std::string& job_id) {
  Job* job = world.find_job(project_id, job_id);
  if (!job)
    return nested_error(404, "HARNESS.0404",
                        "The job " + job_id + " does not exist in project " + project_id + ".");
  const int poll = job->polls++;
  if (!job->settled_body.empty()) return json_response(200, job->settled_body);
  const JobSpec& spec = *job->spec;
  const auto now = world.now_ms();
  Json body = render(spec, step_at(spec, poll, job->begin_ms, now), job->begin_ms, job->end_ms);

  if (!spec.sub_jobs.empty()) {
    Json subs = Json::array();
    for (std::size_t i = 0; i < spec.sub_jobs.size(); ++i)
      subs.push_back(render(spec.sub_jobs[i], step_at(spec.sub_jobs[i], poll, job->begin_ms, now),
                            job->begin_ms, job->sub_end_ms[i]));
    // SDRS nests sub-jobs in entities; VBS puts them at the top (API.md, contradiction 5).
    if (spec.service == Service::sdrs)
      body["entities"]["sub_jobs"] = std::move(subs);
    else
      body["sub_jobs"] = std::move(subs);
  }
  std::string text = body.dump();
  bool settled = on_last_state(spec, poll, job->begin_ms, now);
  for (const auto& sub : spec.sub_jobs) settled = settled && on_last_state(sub, poll, job->begin_ms, now);
  if (settled) job->settled_body = text;  // end_time was fixed by render() above
  return json_response(200, std::move(text));
}

}  // namespace harness::fake
