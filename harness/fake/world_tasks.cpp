// The world's failed tasks: defaults for what a scenario leaves out. Any value is served as given (the
// documented values are the fixtures' to check), so only duplicates are refused.
#include <algorithm>
#include <stdexcept>

#include "harness/fake/world.hpp"

namespace harness::fake {
namespace {

std::string uuid_from(const std::string& hex) {  // 32 hex characters -> 8-4-4-4-12
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace

const FailureJob& World::add_failure_job(FailureJob row) {
  if (row.project_id.empty()) throw std::invalid_argument("project_id: must be a non-empty string");
  if (row.server_group_id.empty()) row.server_group_id = uuid_from(next_id());
  if (row.resource_id.empty())
    row.resource_id = row.group_level() ? row.server_group_id : uuid_from(next_id());
  if (row.resource_name.empty()) row.resource_name = "resource-" + row.resource_id.substr(0, 4);
  if (row.job_id.empty()) row.job_id = next_id();
  if (row.begin_time.empty()) row.begin_time = format_time(now_ms_);
  for (const auto& existing : failure_jobs_)
    if (existing.project_id == row.project_id && existing.job_id == row.job_id)
      throw std::invalid_argument("job_id: \"" + row.job_id + "\" already has a failed task");
  failure_jobs_.push_back(std::move(row));
  return failure_jobs_.back();
}

const KpsTask& World::add_kps_task(KpsTask task) {
  if (task.project_id.empty()) throw std::invalid_argument("project_id: must be a non-empty string");
  if (task.server_id.empty()) task.server_id = uuid_from(next_id());
  if (task.task_id.empty()) task.task_id = task.server_id;  // the page: task_id is the VM's id
  if (task.server_name.empty()) task.server_name = "ecs-" + task.server_id.substr(0, 4);
  if (task.keypair_name.empty()) task.keypair_name = "KeyPair-" + task.server_id.substr(0, 4);
  if (task.task_time.empty()) task.task_time = std::to_string(now_ms_);
  if (task.failed() && !task.task_error_msg) task.task_error_msg = "Update public key error";
  for (const auto& existing : kps_tasks_)
    if (existing.project_id == task.project_id && existing.task_id == task.task_id)
      throw std::invalid_argument("task_id: \"" + task.task_id + "\" already exists");
  kps_tasks_.push_back(std::move(task));
  return kps_tasks_.back();
}

}  // namespace harness::fake
