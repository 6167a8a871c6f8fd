// The world's failed tasks: checks and defaults for what a scenario adds.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "harness/fake/world.hpp"

namespace harness::fake {
namespace {

void one_of(const std::string& value, const std::set<std::string>& allowed, const std::string& field) {
  if (allowed.count(value)) return;
  std::string names;
  for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
  throw std::invalid_argument(field + ": \"" + value + "\" is not one of " + names);
}

std::string uuid_from(const std::string& hex) {  // 32 hex characters -> 8-4-4-4-12
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace

const FailureJob& World::add_failure_job(FailureJob row) {
  if (row.project_id.empty()) throw std::invalid_argument("project_id: must be a non-empty string");
  one_of(row.resource_type,
         {"server_groups", "protected_instances", "replications", "disaster_recovery_drills"},
         "resource_type");
  one_of(row.failure_status,
         {"createFail", "deleteFail", "attachFail", "detachFail", "expandFail", "resizeFail", "startFail",
          "stopFail", "reverseFail", "failoverFail", "reprotectFail"},
         "failure_status");
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
  one_of(task.operate_type,
         {"FAILED_RESET", "FAILED_REPLACE", "FAILED_UNBIND", "RUNNING_RESET", "RUNNING_REPLACE",
          "RUNNING_UNBIND"},
         "operate_type");
  if (task.server_id.empty()) task.server_id = uuid_from(next_id());
  if (task.task_id.empty()) task.task_id = task.server_id;  // the page: task_id is the VM's id
  if (task.server_name.empty()) task.server_name = "ecs-" + task.server_id.substr(0, 4);
  if (task.keypair_name.empty()) task.keypair_name = "KeyPair-" + task.server_id.substr(0, 4);
  if (task.task_time.empty()) task.task_time = std::to_string(now_ms_);
  if (task.failed() && !task.task_error_msg) task.task_error_msg = "Update public key error";
  if (!std::all_of(task.task_time.begin(), task.task_time.end(), ::isdigit))
    throw std::invalid_argument("task_time: must be epoch milliseconds as a string of digits");
  for (const auto& existing : kps_tasks_)
    if (existing.project_id == task.project_id && existing.task_id == task.task_id)
      throw std::invalid_argument("task_id: \"" + task.task_id + "\" already exists");
  kps_tasks_.push_back(std::move(task));
  return kps_tasks_.back();
}

}  // namespace harness::fake
