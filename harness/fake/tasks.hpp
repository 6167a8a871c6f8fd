#pragma once
// Failed tasks as the world holds them: SDRS failure jobs (task center) and KPS key-pair tasks.
#include <optional>
#include <string>

namespace harness::fake {

// A row of GET /v1/{project_id}/task-center/failure-jobs.
struct FailureJob {
  std::string project_id;
  std::string server_group_id;  // the protection group the failure belongs to (filter, batch delete)
  std::string resource_id;      // for a protection-group failure: the group's id
  std::string resource_name;
  std::string resource_type = "server_groups";  // server_groups | protected_instances | replications | ...
  std::string failure_status = "createFail";
  std::string job_id;  // also the failure_job_id that deletes it
  std::string job_type = "createProtectionGroupNoCG";
  std::string begin_time;
  std::string error_code = "EVS.2024";
  std::string fail_reason = "SdrsGenerateNativeServerParamsTask-fail:volume is error!";

  bool group_level() const { return resource_type == "server_groups"; }
};

// A KPS task: failed ones are listed by /failed-tasks, running ones by /running-tasks; both by /tasks/{id}.
struct KpsTask {
  std::string project_id;
  std::string task_id;
  std::string operate_type = "FAILED_RESET";  // FAILED_* for failed tasks, RUNNING_* for running ones
  std::string task_time;                      // epoch milliseconds as a string
  std::optional<std::string> task_error_code;
  std::optional<std::string> task_error_msg;
  std::string server_name;
  std::string server_id;
  std::string keypair_name;

  bool failed() const { return operate_type.rfind("FAILED_", 0) == 0; }
  bool running() const { return operate_type.rfind("RUNNING_", 0) == 0; }
};

}  // namespace harness::fake
