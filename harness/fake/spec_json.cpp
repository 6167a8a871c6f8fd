// The JSON door of the spec module (the admin API's bodies, saved captures): the same readers, over the
// JSON value's tree.
#include <nlohmann/json.hpp>

#include "harness/fake/spec.hpp"

namespace harness::fake {

JobSpec job_spec(const nlohmann::json& spec, const std::string& project_id) {
  return job_spec(SpecTree(spec).root(), project_id);
}

FailureJob failure_job_spec(const nlohmann::json& spec, const std::string& project_id) {
  return failure_job_spec(SpecTree(spec).root(), project_id);
}

KpsTask kps_task_spec(const nlohmann::json& spec, const std::string& project_id) {
  return kps_task_spec(SpecTree(spec).root(), project_id);
}

FaultSpec fault_spec(const nlohmann::json& spec) {
  return fault_spec(SpecTree(spec).root());
}

void apply_options(const nlohmann::json& spec, WorldOptions& options) {
  apply_options(SpecTree(spec).root(), options);
}

std::int64_t clock_advance_ms(const nlohmann::json& seconds) {
  return clock_advance_ms(SpecTree(seconds).root());
}

DeclaredSpec endpoint_spec(const nlohmann::json& spec, std::uint64_t handler) {
  return endpoint_spec(SpecTree(spec).root(), handler);
}

DeclaredAnswer answer_spec(const nlohmann::json& spec, const std::string& where) {
  return answer_spec(SpecTree(spec).root(), where);
}

JournalFilter journal_filter(const nlohmann::json& spec) {
  return journal_filter(SpecTree(spec).root());
}

}  // namespace harness::fake
