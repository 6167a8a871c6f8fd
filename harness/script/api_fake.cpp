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

// Pushes `value`: the spec table's own string under `field` when it holds these bytes (Lua then neither
// hashes nor copies it again), else a new one. `spec_table` 0: there is no table to take it from.
void push_text(lua_State* L, int spec_table, const char* field, std::string_view value) {
  if (spec_table != 0) {
    lua_pushstring(L, field);
    if (lua_rawget(L, spec_table) == LUA_TSTRING) {  // raw, as the spec was read
      std::size_t length = 0;
      const char* given = lua_tolstring(L, -1, &length);
      if (std::string_view(given, length) == value) return;
    }
    lua_pop(L, 1);
  }
  lua_pushlstring(L, value.data(), value.size());
}

// Sub-jobs are only reported inside their parent, so only the parent's handle has a path to GET.
void push_job(lua_State* L, const fake::PackedJob& spec, int spec_table, bool with_path) {
  lua_createtable(L, 0, 4);  // sized once: job_id, project_id, path, sub_jobs
  const int handle = lua_gettop(L);
  push_text(L, spec_table, "job_id", spec.job_id());
  lua_pushvalue(L, -1);
  lua_setfield(L, handle, "job_id");
  push_text(L, spec_table, "project_id", spec.project_id());
  lua_pushvalue(L, -1);
  lua_setfield(L, handle, "project_id");
  if (with_path) {  // joined by Lua: no C++ string of its own
    lua_pushliteral(L, "/v1/");
    lua_pushvalue(L, handle + 2);
    lua_pushliteral(L, "/jobs/");
    lua_pushvalue(L, handle + 1);
    lua_concat(L, 4);
    lua_setfield(L, handle, "path");
  }
  lua_settop(L, handle);
}

// One tree for every fake.job of the thread, emptied after each: a world file's loop of 10,000 calls
// allocates its nodes once instead of once a call. Nothing in a call runs Lua, so no call starts while
// another reads the tree.
fake::SpecTree& reused_tree() {
  thread_local fake::SpecTree tree;
  return tree;
}

// The same for the job read from the tree: views of the table's strings, packed by the world.
fake::JobView& reused_view() {
  thread_local fake::JobView view;
  return view;
}

struct EmptiedAfter {
  fake::SpecTree& tree;
  fake::JobView& view;
  ~EmptiedAfter() {
    tree.clear(kKeptNodes);
    // No view of this call's table outlives it.
    if (view.timeline.capacity() + view.entities.capacity() > kKeptNodes)
      view = fake::JobView();
    else
      view.clear();
  }
  // A spec far larger than a job's (a timeline of thousands of states) does not keep its room for good.
  static constexpr std::size_t kKeptNodes = 256;
};

int fake_job(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree& table = reused_tree();
  fake::JobView& spec = reused_view();
  const EmptiedAfter emptied{table, spec};
  read_spec(L, 1, table);
  fake::job_view(table.root(), context_of(L).env.project_id, spec);
  // The world packs the job straight from the table's strings, and what the handle shows is read from the
  // world's own (shared) copy.
  const auto added = world_of(L).with([&](fake::World& world) { return world.insert_job(spec); });
  push_job(L, *added, 1, true);
  const auto& subs = added->sub_jobs();
  lua_createtable(L, static_cast<int>(subs.size()), 0);
  for (std::size_t i = 0; i < subs.size(); ++i) {
    push_job(L, subs[i], 0, false);
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
