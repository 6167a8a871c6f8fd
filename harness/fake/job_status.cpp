#include "harness/fake/job_status.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/fake/router.hpp"

namespace harness::fake {
namespace {

using Json = nlohmann::ordered_json;  // keeps the page's field order

const std::string& state_at(const JobSpec& spec, int poll) {
  auto last = static_cast<int>(spec.timeline.size()) - 1;
  return spec.timeline[static_cast<std::size_t>(std::min(poll, last))];
}

// A count timeline takes one second of the job's own time per step, so end_time follows begin_time.
std::int64_t end_ms_for(std::int64_t begin_ms, int poll) {
  return begin_ms + 1000LL * poll;
}

Json render(const JobSpec& spec, const std::string& state, std::int64_t begin_ms,
            std::optional<std::int64_t>& end_ms, int poll) {
  const bool terminal = is_terminal(state);
  if (terminal && !end_ms) end_ms = end_ms_for(begin_ms, poll);
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
  const JobSpec& spec = job->spec;
  Json body = render(spec, state_at(spec, poll), job->begin_ms, job->end_ms, poll);

  if (!spec.sub_jobs.empty()) {
    Json subs = Json::array();
    for (std::size_t i = 0; i < spec.sub_jobs.size(); ++i)
      subs.push_back(render(spec.sub_jobs[i], state_at(spec.sub_jobs[i], poll), job->begin_ms,
                            job->sub_end_ms[i], poll));
    // SDRS nests sub-jobs in entities; VBS puts them at the top (API.md, contradiction 5).
    if (spec.service == Service::sdrs)
      body["entities"]["sub_jobs"] = std::move(subs);
    else
      body["sub_jobs"] = std::move(subs);
  }
  return json_response(200, body.dump());
}

}  // namespace harness::fake
