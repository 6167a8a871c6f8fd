// fake.job{...}: puts a job with its timeline (and sub-jobs) into the scenario's world. What the table may
// hold is the spec module's (harness/fake/spec.hpp), shared with the admin API.
#include <nlohmann/json.hpp>

#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_spec.hpp"

namespace harness::script {
namespace {

// Sub-jobs are only reported inside their parent, so only the parent's handle has a path to GET.
void push_job(lua_State* L, const fake::PackedJob& spec, bool with_path) {
  auto push = [L](std::string_view value) { lua_pushlstring(L, value.data(), value.size()); };
  lua_createtable(L, 0, 4);  // sized once: job_id, project_id, path, sub_jobs
  push(spec.job_id());
  lua_setfield(L, -2, "job_id");
  push(spec.project_id());
  lua_setfield(L, -2, "project_id");
  if (with_path) {  // joined by Lua: no C++ string of its own
    lua_pushliteral(L, "/v1/");
    push(spec.project_id());
    lua_pushliteral(L, "/jobs/");
    push(spec.job_id());
    lua_concat(L, 4);
    lua_setfield(L, -2, "path");
  }
}

int fake_job(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  fake::JobSpec spec = fake::job_spec(table.root(), context_of(L).env.project_id);
  // The spec moves into the world, and what the handle shows is read from the world's own (shared) copy.
  const auto added = world_of(L).with([&](fake::World& world) { return world.insert_job(std::move(spec)); });
  push_job(L, *added, true);
  const auto& subs = added->sub_jobs();
  lua_createtable(L, static_cast<int>(subs.size()), 0);
  for (std::size_t i = 0; i < subs.size(); ++i) {
    push_job(L, subs[i], false);
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
