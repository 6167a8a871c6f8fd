// fake.failure_job{...}, fake.kps_task{...} and fake.options{...} (with their admin twins).
#include "harness/fake/spec_fields.hpp"

namespace harness::fake {

using spec_detail::Fields;
using spec_detail::Json;

FailureJob failure_job_spec(const SpecValue& spec, const std::string& project_id) {
  Fields fields(
      spec, "",
      {"project_id", "server_group_id", "resource_id", "resource_name", "resource_type", "failure_status",
       "job_id", "job_type", "begin_time", "error_code", "fail_reason", "group_level", "extra"});
  FailureJob row;
  row.project_id = fields.string("project_id");
  if (row.project_id.empty()) row.project_id = project_id;
  row.server_group_id = fields.string("server_group_id");
  row.job_id = fields.string("job_id");
  Json overrides = Json::object();
  for (auto [key, target] :
       {std::pair{"resource_id", &row.resource_id}, std::pair{"resource_name", &row.resource_name},
        std::pair{"resource_type", &row.resource_type}, std::pair{"failure_status", &row.failure_status},
        std::pair{"job_type", &row.job_type}, std::pair{"begin_time", &row.begin_time},
        std::pair{"error_code", &row.error_code}, std::pair{"fail_reason", &row.fail_reason}})
    fields.served(key, *target, overrides);
  if (fields.find("group_level")) row.group_level_given = fields.flag("group_level");
  fields.extra(overrides);
  row.overrides = spec_detail::keep(std::move(overrides));
  return row;
}

KpsTask kps_task_spec(const SpecValue& spec, const std::string& project_id) {
  Fields fields(spec, "",
                {"project_id", "task_id", "operate_type", "task_time", "task_error_code", "task_error_msg",
                 "server_name", "server_id", "keypair_name", "listed", "extra"});
  KpsTask task;
  task.project_id = fields.string("project_id");
  if (task.project_id.empty()) task.project_id = project_id;
  task.task_id = fields.string("task_id");
  task.server_id = fields.string("server_id");
  Json overrides = Json::object();
  for (auto [key, target] :
       {std::pair{"operate_type", &task.operate_type}, std::pair{"task_time", &task.task_time},
        std::pair{"server_name", &task.server_name}, std::pair{"keypair_name", &task.keypair_name}})
    fields.served(key, *target, overrides);
  // The page shows a null task_error_code in a failed task: a null given is served as null.
  fields.served("task_error_code", task.task_error_code, overrides);
  fields.served("task_error_msg", task.task_error_msg, overrides);
  if (auto listed = fields.optional_string("listed")) {
    if (*listed == "failed")
      task.listed = KpsTask::Listed::failed;
    else if (*listed == "running")
      task.listed = KpsTask::Listed::running;
    else if (*listed == "none")
      task.listed = KpsTask::Listed::none;
    else
      fields.fail("listed", "\"" + *listed + "\" is not one of failed, running, none");
  }
  fields.extra(overrides);
  task.overrides = spec_detail::keep(std::move(overrides));
  return task;
}

void apply_options(const SpecValue& spec, WorldOptions& options) {
  Fields fields(spec, "", {"sdrs_count", "sdrs_errors", "headers", "services"});
  const auto count = fields.string("sdrs_count");
  const auto errors = fields.string("sdrs_errors");
  if (!count.empty() && count != "total" && count != "page")
    fields.fail("sdrs_count", "\"" + count + "\" is not one of total, page");
  if (!errors.empty() && errors != "error" && errors != "wrapper")
    fields.fail("sdrs_errors", "\"" + errors + "\" is not one of error, wrapper");
  const bool headers_given = fields.given("headers").has_value();
  auto headers = fields.header_map("headers");
  const auto services_given = fields.find("services");
  auto merged = options.services;
  if (services_given)
    for (auto& [name, service] : services_spec(*services_given, "services")) {
      auto& kept = merged[name];  // what a service's options name changes; the rest stays
      if (service.require_auth) kept.require_auth = service.require_auth;
      if (service.min_limit) kept.min_limit = service.min_limit;
      if (service.max_limit) kept.max_limit = service.max_limit;
      for (auto& [status, text] : service.errors) kept.errors[status] = std::move(text);
      // bounds set by two calls are held to each other too
      const auto least = kept.min_limit.value_or(0), most = kept.max_limit.value_or(1000);
      if (least > most)
        fields.fail("services." + name + ".min_limit",
                    "is above max_limit (" + std::to_string(least) + " > " + std::to_string(most) + ")");
    }
  // the last check: nothing below throws
  if (!count.empty()) options.sdrs_count_is_page_size = count == "page";
  if (!errors.empty()) options.sdrs_error_wrappers = errors == "wrapper";
  if (headers_given) options.headers = std::move(headers);
  if (services_given) options.services = std::move(merged);
}

}  // namespace harness::fake
