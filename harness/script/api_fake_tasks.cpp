// fake.failure_job{...} (SDRS task center), fake.kps_task{...} (KPS) and fake.options{...} (readings of the
// pages).
#include <stdexcept>

#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"

namespace harness::script {
namespace {

void set_string(lua_State* L, const char* key, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

void set_optional(lua_State* L, const char* key, const std::optional<std::string>& value) {
  if (value) set_string(L, key, *value);
}

int fake_failure_job(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  check_keys(L, 1,
             {"project_id", "server_group_id", "resource_id", "resource_name", "resource_type",
              "failure_status", "job_id", "job_type", "begin_time", "error_code", "fail_reason"},
             "");
  fake::FailureJob row;
  row.project_id = string_field(L, 1, "project_id", "");
  if (row.project_id.empty()) row.project_id = context_of(L).env.project_id;
  auto take = [&](const char* key, std::string& target) {
    if (auto value = optional_field(L, 1, key, "")) target = *value;
  };
  take("server_group_id", row.server_group_id);
  take("resource_id", row.resource_id);
  take("resource_name", row.resource_name);
  take("resource_type", row.resource_type);
  take("failure_status", row.failure_status);
  take("job_id", row.job_id);
  take("job_type", row.job_type);
  take("begin_time", row.begin_time);
  take("error_code", row.error_code);
  take("fail_reason", row.fail_reason);
  auto added = world_of(L).with([&](fake::World& world) { return world.add_failure_job(row); });
  lua_newtable(L);  // the row as the fake lists it, plus where it lives
  set_string(L, "job_status", "FAIL");
  set_string(L, "resource_id", added.resource_id);
  set_string(L, "resource_name", added.resource_name);
  set_string(L, "resource_type", added.resource_type);
  set_string(L, "failure_status", added.failure_status);
  set_string(L, "job_id", added.job_id);
  set_string(L, "job_type", added.job_type);
  set_string(L, "begin_time", added.begin_time);
  set_string(L, "error_code", added.error_code);
  set_string(L, "fail_reason", added.fail_reason);
  set_string(L, "server_group_id", added.server_group_id);
  set_string(L, "project_id", added.project_id);
  return 1;
}

int fake_kps_task(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  check_keys(L, 1,
             {"project_id", "task_id", "operate_type", "task_time", "task_error_code", "task_error_msg",
              "server_name", "server_id", "keypair_name"},
             "");
  fake::KpsTask task;
  task.project_id = string_field(L, 1, "project_id", "");
  if (task.project_id.empty()) task.project_id = context_of(L).env.project_id;
  auto take = [&](const char* key, std::string& target) {
    if (auto value = optional_field(L, 1, key, "")) target = *value;
  };
  take("task_id", task.task_id);
  take("operate_type", task.operate_type);
  take("task_time", task.task_time);
  take("server_name", task.server_name);
  take("server_id", task.server_id);
  take("keypair_name", task.keypair_name);
  task.task_error_code = optional_field(L, 1, "task_error_code", "");
  task.task_error_msg = optional_field(L, 1, "task_error_msg", "");
  auto added = world_of(L).with([&](fake::World& world) { return world.add_kps_task(task); });
  lua_newtable(L);
  set_string(L, "task_id", added.task_id);
  set_string(L, "operate_type", added.operate_type);
  set_string(L, "task_time", added.task_time);
  set_optional(L, "task_error_code", added.task_error_code);
  set_optional(L, "task_error_msg", added.task_error_msg);
  set_string(L, "server_name", added.server_name);
  set_string(L, "server_id", added.server_id);
  set_string(L, "keypair_name", added.keypair_name);
  set_string(L, "project_id", added.project_id);
  return 1;
}

int fake_options(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  check_keys(L, 1, {"sdrs_count", "sdrs_errors"}, "");
  auto count = string_field(L, 1, "sdrs_count", "");
  auto errors = string_field(L, 1, "sdrs_errors", "");
  if (!count.empty() && count != "total" && count != "page")
    throw std::invalid_argument("sdrs_count: \"" + count + "\" is not one of total, page");
  if (!errors.empty() && errors != "error" && errors != "wrapper")
    throw std::invalid_argument("sdrs_errors: \"" + errors + "\" is not one of error, wrapper");
  world_of(L).with([&](fake::World& world) {
    if (!count.empty()) world.options().sdrs_count_is_page_size = count == "page";
    if (!errors.empty()) world.options().sdrs_error_wrappers = errors == "wrapper";
  });
  return 0;
}

}  // namespace

void add_fake_task_functions(lua_State* L) {
  const luaL_Reg functions[] = {{"failure_job", fake_failure_job},
                                {"kps_task", fake_kps_task},
                                {"options", fake_options},
                                {nullptr, nullptr}};
  set_guarded_functions(L, "fake", functions);
}

}  // namespace harness::script
