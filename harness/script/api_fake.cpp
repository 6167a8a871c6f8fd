// fake.job{...}: puts a job with its timeline (and sub-jobs) into the scenario's world.
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

fake::JobSpec read_job(lua_State* L, int table, const std::string& where, bool top) {
  table = lua_absindex(L, table);
  std::set<std::string> allowed = {"job_id",     "job_type",    "timeline",   "entities",
                                   "error_code", "fail_reason", "begin_time", "end_time"};
  if (top) allowed.insert({"service", "project_id", "sub_jobs"});
  check_keys(L, table, allowed, where);

  fake::JobSpec spec;
  if (top) {
    auto service = string_field(L, table, "service", where);
    if (service == "vbs")
      spec.service = fake::Service::vbs;
    else if (!service.empty() && service != "sdrs")
      throw std::invalid_argument(where + "service: \"" + service + "\" is not one of sdrs, vbs");
    spec.project_id = string_field(L, table, "project_id", where);
    if (spec.project_id.empty()) spec.project_id = context_of(L).env.project_id;
  }
  spec.job_id = string_field(L, table, "job_id", where);
  spec.job_type = string_field(L, table, "job_type", where);
  spec.error_code = optional_field(L, table, "error_code", where);
  spec.fail_reason = optional_field(L, table, "fail_reason", where);
  spec.begin_time = optional_field(L, table, "begin_time", where);
  spec.end_time = optional_field(L, table, "end_time", where);

  // A state is a string (held for one GET) or {"STATE", seconds = N} (held for N seconds of the world's
  // clock).
  push_raw_field(L, table, "timeline");
  if (!lua_istable(L, -1)) throw std::invalid_argument(where + "timeline: must be a list of states");
  const auto n = static_cast<lua_Integer>(lua_rawlen(L, -1));
  for (lua_Integer i = 1; i <= n; ++i) {
    const std::string at = where + "timeline[" + std::to_string(i) + "]";
    lua_rawgeti(L, -1, i);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_rawgeti(L, -1, 1);
      push_raw_field(L, -2, "seconds");
      if (lua_type(L, -2) != LUA_TSTRING || (i < n && lua_type(L, -1) != LUA_TNUMBER))
        throw std::invalid_argument(at + ": must be a state or {\"STATE\", seconds = N}");
      spec.timeline.emplace_back(string_at(L, -2));
      if (i < n) spec.durations_ms.push_back(std::llround(lua_tonumber(L, -1) * 1000));
      lua_pop(L, 2);
    } else if (lua_type(L, -1) == LUA_TSTRING) {
      spec.timeline.emplace_back(string_at(L, -1));
      if (i < n && !spec.durations_ms.empty())
        throw std::invalid_argument(at + ": a timeline by time gives every state but the last its seconds");
    } else {
      throw std::invalid_argument(at + ": must be a state or {\"STATE\", seconds = N}");
    }
    lua_pop(L, 1);
  }
  if (!spec.durations_ms.empty() && spec.durations_ms.size() != spec.timeline.size() - 1)
    throw std::invalid_argument(where + "timeline: by time, every state but the last needs its seconds");
  lua_pop(L, 1);

  push_raw_field(L, table, "entities");
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1)) throw std::invalid_argument(where + "entities: must be a table of strings");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
        throw std::invalid_argument(where + "entities: must map names to strings");
      spec.entities.emplace_back(string_at(L, -2), string_at(L, -1));
      lua_pop(L, 1);
    }
    std::sort(spec.entities.begin(), spec.entities.end());  // Lua's table order changes from run to run
  }
  lua_pop(L, 1);

  if (top) {
    push_raw_field(L, table, "sub_jobs");
    if (!lua_isnil(L, -1)) {
      if (!lua_istable(L, -1)) throw std::invalid_argument(where + "sub_jobs: must be a list of jobs");
      for (lua_Integer i = 1, n = static_cast<lua_Integer>(lua_rawlen(L, -1)); i <= n; ++i) {
        lua_rawgeti(L, -1, i);
        const std::string sub_where = where + "sub_jobs[" + std::to_string(i) + "].";
        if (!lua_istable(L, -1))
          throw std::invalid_argument(sub_where.substr(0, sub_where.size() - 1) + ": must be a table");
        spec.sub_jobs.push_back(read_job(L, -1, sub_where, false));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  return spec;
}

// Sub-jobs are only reported inside their parent, so only the parent's handle has a path to GET.
void push_job(lua_State* L, const fake::JobSpec& spec, bool with_path) {
  auto set = [L](const char* key, const std::string& value) {
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, key);
  };
  lua_newtable(L);
  set("job_id", spec.job_id);
  set("project_id", spec.project_id);
  if (with_path) set("path", "/v1/" + spec.project_id + "/jobs/" + spec.job_id);
}

int fake_job(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::JobSpec spec = read_job(L, 1, "", true);
  fake::JobSpec added = world_of(L).with([&](fake::World& world) {
    std::string id = world.add_job(spec);
    return *world.find_job(spec.project_id, id)->spec;
  });
  push_job(L, added, true);
  lua_newtable(L);
  for (std::size_t i = 0; i < added.sub_jobs.size(); ++i) {
    push_job(L, added.sub_jobs[i], false);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "sub_jobs");
  return 1;
}

}  // namespace

void register_fake_api(lua_State* L) {
  const luaL_Reg functions[] = {{"job", fake_job}, {nullptr, nullptr}};
  lua_newtable(L);
  set_guarded_functions(L, "fake", functions);
  add_fake_task_functions(L);
  add_fake_fault_functions(L);
  lua_setglobal(L, "fake");
}

}  // namespace harness::script
