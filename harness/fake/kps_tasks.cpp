#include "harness/fake/kps_tasks.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::fake {
namespace {

using Json = nlohmann::ordered_json;

Json optional_string(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

nlohmann::ordered_json kps_task_json(const KpsTask& task) {
  Json json;
  json["task_id"] = task.task_id;
  json["operate_type"] = task.operate_type;
  json["task_time"] = task.task_time;
  json["task_error_code"] = optional_string(task.task_error_code);
  json["task_error_msg"] = optional_string(task.task_error_msg);
  json["server_name"] = task.server_name;
  json["server_id"] = task.server_id;
  json["keypair_name"] = task.keypair_name;
  if (task.overrides) lay_over(json, *task.overrides);
  return json;
}

namespace {

// Either a token or an AK/SK signature; signatures are accepted without being verified.
bool authenticated(const Request& request) {
  if (const auto* token = request.header("X-Auth-Token"); token && !token->empty()) return true;
  const auto* authorization = request.header("Authorization");
  return authorization && authorization->rfind("SDK-HMAC-SHA256", 0) == 0;
}

Response list_tasks(World& world, const Request& request, const std::string& project_id, bool failed) {
  const Query query(request.query());
  long long limit = 1000, offset = 0;
  for (auto [name, target, max] :
       {std::tuple{"limit", &limit, 1000LL}, std::tuple{"offset", &offset, -1LL}}) {
    const auto* text = query.get(name);
    if (!text) continue;
    auto value = parse_integer(*text);
    if (!value || *value < 0 || (max >= 0 && *value > max))
      return kps_error(400, "KPS.0002", std::string("Parameter error: ") + name + ".");
    *target = *value;
  }
  std::vector<const KpsTask*> matching;
  for (const auto& task : world.kps_tasks())
    if (task.project_id == project_id && (failed ? task.failed() : task.running())) matching.push_back(&task);
  Json tasks = Json::array();
  const auto [first, last] = page_bounds(matching.size(), offset, limit);
  for (auto i = first; i < last; ++i) tasks.push_back(kps_task_json(*matching[i]));
  Json body;
  body["total"] = matching.size();
  body["tasks"] = std::move(tasks);
  return json_response(200, json_text(body));
}

std::vector<KpsTask>::iterator find_task(World& world, const std::string& project_id,
                                         const std::string& task_id) {
  auto& tasks = world.kps_tasks();
  return std::find_if(tasks.begin(), tasks.end(), [&](const KpsTask& task) {
    return task.project_id == project_id && task.task_id == task_id;
  });
}

Response empty_ok() {
  return Response{.status = 200};
}

Response not_allowed(const char* allowed) {
  auto response = kps_error(405, "HARNESS.0405", "Method not allowed on this path.");
  response.headers.emplace_back("Allow", allowed);
  return response;
}

}  // namespace

Response kps_error(int status, std::string_view code, std::string_view message) {
  Json body;
  body["error_code"] = code;
  body["error_msg"] = percent_encode_invalid_utf8(message);  // it may echo the path
  return json_response(status, json_text(body));
}

Response serve_kps(World& world, const Request& request, const std::vector<std::string_view>& segments) {
  // segments: v3, {project_id}, ...
  const std::string project_id(segments[1]);
  const auto& method = request.method;
  const bool failed_tasks = segments.size() == 3 && segments[2] == "failed-tasks";
  const bool failed_task = segments.size() == 4 && segments[2] == "failed-tasks";
  const bool running_tasks = segments.size() == 3 && segments[2] == "running-tasks";
  const bool task = segments.size() == 4 && segments[2] == "tasks";
  if (!failed_tasks && !failed_task && !running_tasks && !task)
    return kps_error(404, "HARNESS.0404", "No API at " + std::string(request.path()) + ".");
  if (!authenticated(request))
    return kps_error(401, "KPS.9001",
                     "The token is not authenticated: send X-Auth-Token or an AK/SK signature.");

  if (failed_tasks) {
    if (method == "GET") return list_tasks(world, request, project_id, true);
    if (method != "DELETE") return not_allowed("GET, DELETE");
    std::erase_if(world.kps_tasks(),
                  [&](const KpsTask& t) { return t.project_id == project_id && t.failed(); });
    return empty_ok();
  }
  if (running_tasks) {
    if (method != "GET") return not_allowed("GET");
    return list_tasks(world, request, project_id, false);
  }
  const std::string task_id(segments[3]);
  auto it = find_task(world, project_id, task_id);
  if (failed_task) {
    if (method != "DELETE") return not_allowed("DELETE");
    if (it == world.kps_tasks().end() || !it->failed())
      return kps_error(400, "KPS.0005", "The failed task " + task_id + " does not exist.");
    world.kps_tasks().erase(it);
    return empty_ok();
  }
  if (method != "GET") return not_allowed("GET");
  if (it == world.kps_tasks().end())
    return kps_error(400, "KPS.0001", "The task id " + task_id + " is illegal.");
  Json body;
  body["server_id"] = it->server_id;
  body["task_id"] = it->task_id;
  body["task_status"] = it->operate_type;  // FAILED_RESET, RUNNING_REPLACE, ...
  return json_response(200, json_text(body));
}

}  // namespace harness::fake
