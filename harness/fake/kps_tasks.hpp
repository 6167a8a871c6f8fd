#pragma once
// KPS key-pair tasks: failed and running task lists, task status, and the deletes (the endpoint table,
// harness/fake/endpoints.cpp, routes to them and asks for credentials first).
#include <nlohmann/json_fwd.hpp>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

Response kps_failed_tasks(World& world, const Request& request, const PathParams& params);
Response kps_running_tasks(World& world, const Request& request, const PathParams& params);
Response kps_delete_failed_tasks(World& world, const Request& request, const PathParams& params);
Response kps_delete_failed_task(World& world, const Request& request, const PathParams& params);
Response kps_task_status(World& world, const Request& request, const PathParams& params);

// A task as the lists show it, with the fields the scenario gave as they are.
nlohmann::ordered_json kps_task_json(const KpsTask& task);

}  // namespace harness::fake
