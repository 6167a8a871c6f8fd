// fake.failure_job{...} (SDRS task center), fake.kps_task{...} (KPS), fake.options{...} (readings of the
// pages, world-wide headers, services' behaviour) and fake.endpoint{...} (an endpoint the fake does not
// know). What each table may hold is the spec module's (harness/fake/spec.hpp).
#include <nlohmann/json.hpp>

#include "harness/fake/kps_tasks.hpp"
#include "harness/fake/sdrs_failure_jobs.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/endpoint_handler.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_spec.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

// The row as the fake lists it, plus where it lives.
int fake_failure_job(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  const auto row = fake::failure_job_spec(table.root(), context_of(L).env.project_id);
  nlohmann::json shown = world_of(L).with([&](fake::World& world) {
    const auto& added = world.add_failure_job(row);
    nlohmann::json json(fake::failure_job_json(added));
    json["server_group_id"] = added.server_group_id;
    json["project_id"] = added.project_id;
    return json;
  });
  push_json(L, shown);
  return 1;
}

int fake_kps_task(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  const auto task = fake::kps_task_spec(table.root(), context_of(L).env.project_id);
  nlohmann::json shown = world_of(L).with([&](fake::World& world) {
    const auto& added = world.add_kps_task(task);
    nlohmann::json json(fake::kps_task_json(added));
    json["project_id"] = added.project_id;
    return json;
  });
  push_json(L, shown);
  return 1;
}

int fake_options(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  world_of(L).with([&](fake::World& world) { fake::apply_options(table.root(), world.options()); });
  return 0;
}

// A declared endpoint: answers from the world from now on; returns what it is keyed by. With `handler`, a
// Lua function answers each request (endpoint_handler.hpp).
int fake_endpoint(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_pushliteral(L, "handler");
  lua_rawget(L, 1);  // raw, as read_spec reads tables
  const bool has_handler = !lua_isnil(L, 2);
  if (has_handler && !lua_isfunction(L, 2))
    throw std::invalid_argument(
        "handler: must be a function(req) returning {status = ..., body = ...}, got " + describe(L, 2));
  const std::uint64_t handler = has_handler ? next_handler_id() : 0;
  push_table_without(L, 1, "handler");  // a function, which JSON cannot hold
  fake::SpecTree table;
  read_spec(L, 3, table);
  auto spec = fake::endpoint_spec(table.root(), handler);
  if (has_handler) keep_handler(L, 2, handler);
  nlohmann::json shown = {{"method", spec.method}, {"path", spec.path.text()}, {"service", spec.service}};
  world_of(L).with([&](fake::World& world) { world.declare_endpoint(std::move(spec)); });
  push_json(L, shown);
  return 1;
}

}  // namespace

void add_fake_task_functions(lua_State* L) {
  const luaL_Reg functions[] = {{"failure_job", fake_failure_job},
                                {"kps_task", fake_kps_task},
                                {"options", fake_options},
                                {"endpoint", fake_endpoint},
                                {nullptr, nullptr}};
  set_guarded_functions(L, "fake", functions);
}

}  // namespace harness::script
