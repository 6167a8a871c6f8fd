#include "harness/fake/router.hpp"

#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/utf8.hpp"

#include "harness/fake/job_status.hpp"
#include "harness/fake/kps_tasks.hpp"
#include "harness/fake/sdrs_failure_jobs.hpp"

namespace harness::fake {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  segments.reserve(8);  // every path the fake serves fits: one allocation instead of one per doubling
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end;
  }
  return segments;
}

Response nested_error(int status, std::string_view code, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"]["message"] = percent_encode_invalid_utf8(message);  // it may echo the path
  body["error"]["code"] = code;
  return json_response(status, json_text(body));
}

namespace {

Response method_not_allowed(const Request& request, const char* allowed) {
  auto response =
      nested_error(405, "HARNESS.0405", "Method " + request.method + " is not allowed on this path.");
  response.headers.emplace_back("Allow", allowed);
  return response;
}

}  // namespace

EndpointMatch match_endpoint(World& world, const Request& request) {
  const auto segments = split_path(request.path());
  const auto n = segments.size();
  auto at = [&](std::size_t i, std::string_view text) { return i < n && segments[i] == text; };
  const std::string& method = request.method;
  if (n >= 3 && at(0, "v3")) {
    std::string tail;
    if (n == 3 && at(2, "failed-tasks") && (method == "GET" || method == "DELETE")) tail = "failed-tasks";
    if (n == 4 && at(2, "failed-tasks") && method == "DELETE") tail = "failed-tasks/{task_id}";
    if (n == 3 && at(2, "running-tasks") && method == "GET") tail = "running-tasks";
    if (n == 4 && at(2, "tasks") && method == "GET") tail = "tasks/{task_id}";
    return {"kps", tail.empty() ? "" : method + " /v3/{project_id}/" + tail};
  }
  if (n == 4 && at(0, "v1") && at(2, "jobs")) {
    const Job* job = world.find_job(segments[1], segments[3]);
    const bool vbs = job && job->spec->service == Service::vbs;
    return {vbs ? "vbs" : "sdrs", method == "GET" ? "GET /v1/{project_id}/jobs/{job_id}" : ""};
  }
  if (n >= 4 && at(0, "v1") && at(2, "task-center")) {
    std::string key;
    if (n == 4 && at(3, "failure-jobs") && method == "GET")
      key = "GET /v1/{project_id}/task-center/failure-jobs";
    if (n == 5 && at(3, "failure-jobs") && method == "DELETE")
      key = at(4, "batch") ? "DELETE /v1/{project_id}/task-center/failure-jobs/batch"
                           : "DELETE /v1/{project_id}/task-center/failure-jobs/{failure_job_id}";
    if (n == 6 && at(4, "failure-jobs") && at(5, "batch") && method == "DELETE")
      key = "DELETE /v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch";
    return {"sdrs", key};
  }
  return {"", ""};
}

Response route(World& world, const Request& request) {
  const auto segments = split_path(request.path());
  const auto n = segments.size();
  auto at = [&](std::size_t i, std::string_view text) { return i < n && segments[i] == text; };
  if (n >= 3 && at(0, "v3")) return serve_kps(world, request, segments);
  if (n < 3 || !at(0, "v1"))
    return nested_error(404, "HARNESS.0404", "No API at " + std::string(request.path()) + ".");
  // /v1/{project_id}/jobs/{job_id}: SDRS or VBS, whichever the job belongs to (the hot path: views, no
  // copies)
  if (n == 4 && at(2, "jobs")) {
    if (request.method != "GET") return method_not_allowed(request, "GET");
    return serve_job_status(world, segments[1], segments[3]);
  }
  const std::string project_id(segments[1]);
  // /v1/{project_id}/task-center/failure-jobs[/{id} | /batch] and
  // /task-center/{server_group_id}/failure-jobs/batch
  if (at(2, "task-center")) {
    if (n == 4 && at(3, "failure-jobs")) {
      if (request.method != "GET") return method_not_allowed(request, "GET");
      return list_failure_jobs(world, request, project_id);
    }
    const bool all_batch = n == 5 && at(3, "failure-jobs") && at(4, "batch");
    const bool group_batch = n == 6 && at(4, "failure-jobs") && at(5, "batch");
    const bool one = n == 5 && at(3, "failure-jobs") && !all_batch;
    if (all_batch || group_batch || one) {
      if (request.method != "DELETE") return method_not_allowed(request, "DELETE");
      if (one) return delete_failure_job(world, project_id, std::string(segments[4]));
      return delete_failure_jobs_batch(world, project_id, group_batch ? std::string(segments[3]) : "");
    }
  }
  return nested_error(404, "HARNESS.0404", "No API at " + std::string(request.path()) + ".");
}

}  // namespace harness::fake
