#pragma once
// SDRS task center: GET /v1/{project_id}/task-center/failure-jobs and the three deletes.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// A row as the list shows it, with the fields the scenario gave as they are.
nlohmann::ordered_json failure_job_json(const FailureJob& row);

Response list_failure_jobs(World& world, const Request& request, const PathParams& params);
Response delete_failure_job(World& world, const Request& request, const PathParams& params);
// With {server_group_id}: the group's failed tasks; without: every failed task of the project.
Response delete_failure_jobs_batch(World& world, const Request& request, const PathParams& params);

}  // namespace harness::fake
