#pragma once
// Failed tasks as the world holds them: SDRS failure jobs (task center) and KPS key-pair tasks.
#include <memory>
#include <nlohmann/json_fwd.hpp>
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
  std::optional<bool> group_level_given;  // listed without a filter; by default when resource_type says so
  std::shared_ptr<const nlohmann::json> overrides;  // fields served as given (harness/fake/spec.hpp)

  bool group_level() const { return group_level_given.value_or(resource_type == "server_groups"); }
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
  // Which list shows it: by default the one its operate_type's prefix names (FAILED_, RUNNING_), none for
  // others (READY_*, SUCCESS_*: GET /tasks/{task_id} only); a scenario may put any task in any list.
  enum class Listed { by_type, failed, running, none } listed = Listed::by_type;
  std::shared_ptr<const nlohmann::json> overrides;  // fields served as given (harness/fake/spec.hpp)

  bool failed() const {
    return listed == Listed::by_type ? operate_type.rfind("FAILED_", 0) == 0 : listed == Listed::failed;
  }
  bool running() const {
    return listed == Listed::by_type ? operate_type.rfind("RUNNING_", 0) == 0 : listed == Listed::running;
  }
};

}  // namespace harness::fake
