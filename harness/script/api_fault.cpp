// fake.fault{...}, fake.requests{...} (the journal) and fake.clock (the world's virtual clock). What the
// tables may hold is the spec module's (harness/fake/spec.hpp), shared with the admin API.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "harness/fake/query.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_spec.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

int fake_fault(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  auto spec = fake::fault_spec(table.root());
  int index = world_of(L).with([&](fake::World& world) {
    world.add_fault(std::move(spec));
    return static_cast<int>(world.faults().size());
  });
  lua_pushinteger(L, index);
  return 1;
}

void push_entry(lua_State* L, const fake::JournalEntry& entry) {
  lua_createtable(L, 0, 9);
  lua_pushstring(L, entry.method.c_str());
  lua_setfield(L, -2, "method");
  const auto q = entry.target.find('?');
  lua_pushstring(L, entry.target.substr(0, q).c_str());
  lua_setfield(L, -2, "path");
  const std::string query = q == std::string::npos ? "" : entry.target.substr(q + 1);
  lua_pushlstring(L, query.data(), query.size());
  lua_setfield(L, -2, "query");
  lua_newtable(L);  // the parameters decoded; a name given twice keeps its first value, as the fake reads it
  const fake::Query params(query);
  for (const auto& [name, value] : params.params()) {
    lua_pushlstring(L, name.data(), name.size());
    if (lua_rawget(L, -2) != LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    lua_pop(L, 1);
    lua_pushlstring(L, name.data(), name.size());
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, -3);
  }
  lua_setfield(L, -2, "params");
  lua_newtable(L);
  for (auto [name, value] : entry.headers) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    lua_pushstring(L, value.c_str());
    lua_setfield(L, -2, name.c_str());
  }
  lua_setfield(L, -2, "headers");
  lua_pushlstring(L, entry.body.data(), entry.body.size());
  lua_setfield(L, -2, "body");
  lua_pushnumber(L, static_cast<double>(entry.time_ms - fake::World::kEpochMs) / 1000.0);
  lua_setfield(L, -2, "time");
  lua_pushinteger(L, entry.status);
  lua_setfield(L, -2, "status");
  if (entry.fault > 0) {
    lua_pushinteger(L, entry.fault);
    lua_setfield(L, -2, "fault");
  }
}

int fake_requests(lua_State* L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fake::SpecTree table;
  read_spec(L, 1, table);
  const auto filter = fake::journal_filter(table.root());
  lua_newtable(L);
  world_of(L).with([&](fake::World& world) {
    lua_Integer n = 0;
    for (const auto entry : world.journal().packed()) {
      if (!filter.matches(entry)) continue;  // unpacked only when kept
      push_entry(L, entry.unpack());
      lua_rawseti(L, -2, ++n);
    }
    lua_pushinteger(L, static_cast<lua_Integer>(world.journal().dropped()));
    lua_setfield(L, -2, "dropped");
  });
  return 1;
}

int clock_advance(lua_State* L) {
  const auto ms = fake::clock_advance_ms(nlohmann::json(luaL_checknumber(L, 1)));
  world_of(L).with([&](fake::World& world) { world.advance(ms); });
  return 0;
}

int clock_now(lua_State* L) {
  auto ms = world_of(L).with([](fake::World& world) { return world.now_ms() - fake::World::kEpochMs; });
  lua_pushnumber(L, static_cast<double>(ms) / 1000.0);
  return 1;
}

}  // namespace

void add_fake_fault_functions(lua_State* L) {
  const luaL_Reg functions[] = {{"fault", fake_fault}, {"requests", fake_requests}, {nullptr, nullptr}};
  set_guarded_functions(L, "fake", functions);
  const luaL_Reg clock[] = {{"advance", clock_advance}, {"now", clock_now}, {nullptr, nullptr}};
  lua_newtable(L);
  set_guarded_functions(L, "fake.clock", clock);
  lua_setfield(L, -2, "clock");
}

}  // namespace harness::script
