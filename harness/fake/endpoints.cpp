#include "harness/fake/endpoints.hpp"

#include "harness/fake/declared.hpp"
#include "harness/fake/job_status.hpp"
#include "harness/fake/kps_tasks.hpp"
#include "harness/fake/sdrs_failure_jobs.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {
namespace {

Endpoint builtin(const char* method, const char* path, const char* service, Handler handler) {
  return {method, PathTemplate::parse(path), service, std::string(method) + " " + path, handler};
}

void add_method(std::string& allow, const std::string& method) {
  for (std::size_t at = 0; at < allow.size();) {  // "GET, DELETE": each once
    auto end = allow.find(", ", at);
    if (end == std::string::npos) end = allow.size();
    if (allow.compare(at, end - at, method) == 0) return;
    at = end + 2;
  }
  if (!allow.empty()) allow += ", ";
  allow += method;
}

}  // namespace

const std::vector<Endpoint>& builtin_endpoints() {
  // The keys are those of fixtures/<service>/statuses.json (tests/unit/test_fake_endpoints.cpp holds them
  // equal). GET /v1/{project_id}/jobs/{job_id} is SDRS's and VBS's: the job's own service answers.
  static const std::vector<Endpoint> table = {
      builtin("GET", "/v1/{project_id}/jobs/{job_id}", "sdrs", serve_job_status),
      builtin("GET", "/v1/{project_id}/task-center/failure-jobs", "sdrs", list_failure_jobs),
      builtin("DELETE", "/v1/{project_id}/task-center/failure-jobs/{failure_job_id}", "sdrs",
              delete_failure_job),
      builtin("DELETE", "/v1/{project_id}/task-center/failure-jobs/batch", "sdrs", delete_failure_jobs_batch),
      builtin("DELETE", "/v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch", "sdrs",
              delete_failure_jobs_batch),
      builtin("GET", "/v3/{project_id}/failed-tasks", "kps", kps_failed_tasks),
      builtin("DELETE", "/v3/{project_id}/failed-tasks", "kps", kps_delete_failed_tasks),
      builtin("DELETE", "/v3/{project_id}/failed-tasks/{task_id}", "kps", kps_delete_failed_task),
      builtin("GET", "/v3/{project_id}/running-tasks", "kps", kps_running_tasks),
      builtin("GET", "/v3/{project_id}/tasks/{task_id}", "kps", kps_task_status),
  };
  return table;
}

RouteMatch find_route(World& world, std::string_view method, const std::vector<std::string_view>& segments) {
  RouteMatch match;
  PathParams params;
  const PathTemplate* best = nullptr;  // the most specific template fitting the path, with the method
  bool best_declared = false;
  const PathTemplate* fits_path = nullptr;  // any template fitting the path, for the 405's service
  auto consider = [&](const PathTemplate& path, const std::string& endpoint_method,
                      const std::string& service, bool declared) {
    if (!path.match(segments, params)) return false;
    if (!fits_path || path.more_specific_than(*fits_path)) {
      fits_path = &path;
      match.service = service;
    }
    add_method(match.allow, endpoint_method);
    if (endpoint_method != method) return false;
    if (best && (best_declared > declared || (best_declared == declared && !path.more_specific_than(*best))))
      return false;
    best = &path;
    best_declared = declared;
    match.params = params;
    match.service = service;
    return true;
  };
  for (auto& declared : world.declared_endpoints())
    if (consider(declared.spec->path, declared.spec->method, declared.spec->service, true)) {
      match.declared = &declared;
      match.key = declared.key;
    }
  for (const auto& endpoint : builtin_endpoints())
    if (consider(endpoint.path, endpoint.method, endpoint.service, false)) {
      match.builtin = &endpoint;
      match.declared = nullptr;
      match.key = endpoint.key;
    }
  if (best) {
    match.allow.clear();
    match.path = best;
    if (best_declared) match.builtin = nullptr;
    return match;
  }
  match.path = fits_path;
  if (fits_path) return match;  // 405: the path has other methods
  // 404: answered in the shape of the service whose template comes nearest the path (/v3/... is KPS's).
  std::size_t nearest = 0;
  for (const auto& endpoint : builtin_endpoints())
    if (const auto n = endpoint.path.common_prefix(segments); n > nearest) {
      nearest = n;
      match.service = endpoint.service;
    }
  for (const auto& declared : world.declared_endpoints())
    if (const auto n = declared.spec->path.common_prefix(segments); n > nearest) {
      nearest = n;
      match.service = declared.spec->service;
    }
  if (match.service.empty()) match.service = builtin_endpoints().front().service;
  return match;
}

std::string nearest_builtin_service(std::string_view path) {
  const auto segments = split_path(path);
  std::size_t nearest = 0;
  std::string service = "sdrs";
  for (const auto& endpoint : builtin_endpoints())
    if (const auto n = endpoint.path.common_prefix(segments); n > nearest) {
      nearest = n;
      service = endpoint.service;
    }
  return service;
}

}  // namespace harness::fake
