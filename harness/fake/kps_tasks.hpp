#pragma once
// KPS key-pair tasks: failed and running task lists, task status, and the deletes. All need authentication.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// Handles /v3/{project_id}/... (segments after "v3"); answers 404 for a path KPS does not have.
Response serve_kps(World& world, const Request& request, const std::vector<std::string_view>& segments);

// A task as the lists show it, with the fields the scenario gave as they are.
nlohmann::ordered_json kps_task_json(const KpsTask& task);

// KPS's flat error body: {"error_code": "KPS.9001", "error_msg": "..."}.
Response kps_error(int status, std::string_view code, std::string_view message);

}  // namespace harness::fake
