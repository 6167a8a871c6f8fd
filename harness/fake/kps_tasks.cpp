#include "harness/fake/kps_tasks.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/services.hpp"

namespace harness::fake {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson optional_string(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

}  // namespace

nlohmann::ordered_json kps_task_json(const KpsTask& task) {
  OrderedJson json;
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

std::string param(const PathParams& params, std::string_view name) {
  return std::string(*params.get(name));
}

Response list_tasks(World& world, const Request& request, const std::string& project_id, bool failed) {
  const Query query(request.query());
  const auto profile = effective_profile(world, "kps");
  long long limit = profile.max_limit, offset = 0;
  for (auto [name, target, least, most] : {std::tuple{"limit", &limit, profile.min_limit, profile.max_limit},
                                           std::tuple{"offset", &offset, 0LL, -1LL}}) {
    const auto* text = query.get(name);
    if (!text) continue;
    auto value = parse_integer(*text);
    if (!value || *value < least || (most >= 0 && *value > most))
      return service_error("kps", 400, "KPS.0002", std::string("Parameter error: ") + name + ".");
    *target = *value;
  }
  std::vector<const KpsTask*> matching;
  for (const auto& task : world.kps_tasks())
    if (task.project_id == project_id && (failed ? task.failed() : task.running())) matching.push_back(&task);
  OrderedJson tasks = OrderedJson::array();
  const auto [first, last] = page_bounds(matching.size(), offset, limit);
  for (auto i = first; i < last; ++i) tasks.push_back(kps_task_json(*matching[i]));
  OrderedJson body;
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

}  // namespace

Response kps_failed_tasks(World& world, const Request& request, const PathParams& params) {
  return list_tasks(world, request, param(params, "project_id"), true);
}

Response kps_running_tasks(World& world, const Request& request, const PathParams& params) {
  return list_tasks(world, request, param(params, "project_id"), false);
}

Response kps_delete_failed_tasks(World& world, const Request&, const PathParams& params) {
  const auto project_id = param(params, "project_id");
  std::erase_if(world.kps_tasks(),
                [&](const KpsTask& t) { return t.project_id == project_id && t.failed(); });
  return Response{.status = 200};
}

Response kps_delete_failed_task(World& world, const Request&, const PathParams& params) {
  const auto task_id = param(params, "task_id");
  auto it = find_task(world, param(params, "project_id"), task_id);
  if (it == world.kps_tasks().end() || !it->failed())
    return service_error("kps", 400, "KPS.0005", "The failed task " + task_id + " does not exist.");
  world.kps_tasks().erase(it);
  return Response{.status = 200};
}

Response kps_task_status(World& world, const Request&, const PathParams& params) {
  const auto task_id = param(params, "task_id");
  auto it = find_task(world, param(params, "project_id"), task_id);
  if (it == world.kps_tasks().end())
    return service_error("kps", 400, "KPS.0001", "The task id " + task_id + " is illegal.");
  OrderedJson body;
  body["server_id"] = it->server_id;
  body["task_id"] = it->task_id;
  body["task_status"] = it->operate_type;  // FAILED_RESET, RUNNING_REPLACE, ...
  return json_response(200, json_text(body));
}

}  // namespace harness::fake
