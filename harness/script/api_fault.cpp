// fake.fault{...}, fake.requests{...} (the journal) and fake.clock (the world's virtual clock).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

using fake::FaultAction;

std::optional<double> number_field(lua_State* L, int table, const char* key) {
  push_raw_field(L, table, key);
  std::optional<double> value;
  if (lua_type(L, -1) == LUA_TNUMBER)
    value = lua_tonumber(L, -1);
  else if (!lua_isnil(L, -1))
    throw std::invalid_argument(std::string(key) + ": must be a number");
  lua_pop(L, 1);
  return value;
}

// A whole number from `least` up to what an int holds (a double beyond it has no int: casting it is
// undefined).
int whole_number(double value, const char* key, int least) {
  if (!(value >= least) || value > std::numeric_limits<int>::max() || std::floor(value) != value)
    throw std::invalid_argument(std::string(key) + ": must be a whole number from " + std::to_string(least) +
                                " to " + std::to_string(std::numeric_limits<int>::max()));
  return static_cast<int>(value);
}

int count_field(lua_State* L, int table, const char* key) {
  auto value = number_field(L, table, key);
  return value ? whole_number(*value, key, 1) : 0;
}

bool flag_field(lua_State* L, int table, const char* key) {
  push_raw_field(L, table, key);
  bool on = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return on;
}

std::vector<std::pair<std::string, std::string>> string_map(lua_State* L, int table, const char* key) {
  std::vector<std::pair<std::string, std::string>> pairs;
  push_raw_field(L, table, key);
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1)) throw std::invalid_argument(std::string(key) + ": must be a table of strings");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) != LUA_TSTRING ||
          (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER))
        throw std::invalid_argument(std::string(key) + ": must map names to strings");
      pairs.emplace_back(string_at(L, -2), string_at(L, -1));
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  return pairs;
}

std::chrono::milliseconds seconds_to_ms(double seconds, const char* key) {
  if (!(seconds >= 0) || seconds > 1e9)
    throw std::invalid_argument(std::string(key) + ": must be a number of seconds from 0 to 1e9");
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

fake::FaultSpec read_fault(lua_State* L) {
  check_keys(L, 1, {"method", "path",        "query",  "headers", "times",    "nth",       "every",
                    "after",  "probability", "status", "body",    "code",     "message",   "content_type",
                    "delay",  "reset",       "close",  "hang",    "truncate", "malformed", "drip"},
             "");
  fake::FaultSpec spec;
  spec.method = string_field(L, 1, "method", "");
  std::transform(spec.method.begin(), spec.method.end(), spec.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (auto path = optional_field(L, 1, "path", "")) spec.path = *path;
  spec.query = string_map(L, 1, "query");
  spec.headers = string_map(L, 1, "headers");
  spec.times = count_field(L, 1, "times");
  spec.nth = count_field(L, 1, "nth");
  spec.every = count_field(L, 1, "every");
  if (auto after = number_field(L, 1, "after")) spec.after = whole_number(*after, "after", 0);
  if (auto p = number_field(L, 1, "probability")) {
    if (*p < 0 || *p > 1) throw std::invalid_argument("probability: must be between 0 and 1");
    spec.probability = *p;
  }
  if (auto delay = number_field(L, 1, "delay")) spec.delay = seconds_to_ms(*delay, "delay");

  std::vector<std::string> kinds;
  if (auto status = number_field(L, 1, "status")) {
    // With a body of its own a fault may answer any status (a 200 without `status` is a real incident); the
    // documented error bodies exist for 400..599 only.
    push_raw_field(L, 1, "body");
    const int lowest = lua_isnil(L, -1) ? 400 : 200;
    lua_pop(L, 1);
    if (*status < lowest || *status > 599 || std::floor(*status) != *status)
      throw std::invalid_argument("status: must be a whole number from " + std::to_string(lowest) +
                                  " to 599" + (lowest == 400 ? " (or give a body)" : ""));
    spec.status = static_cast<int>(*status);
    spec.action = FaultAction::status;
    kinds.push_back("status");
  }
  for (auto [key, action] :
       {std::pair{"reset", FaultAction::reset}, std::pair{"close", FaultAction::close},
        std::pair{"hang", FaultAction::hang}, std::pair{"malformed", FaultAction::malformed}})
    if (flag_field(L, 1, key)) {
      spec.action = action;
      kinds.push_back(key);
    }
  if (auto cut = number_field(L, 1, "truncate")) {
    if (*cut < 0 || std::floor(*cut) != *cut)
      throw std::invalid_argument("truncate: must be a whole number of bytes");
    spec.action = FaultAction::truncate;
    spec.truncate_at = static_cast<std::size_t>(*cut);
    kinds.push_back("truncate");
  }
  push_raw_field(L, 1, "drip");
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1))
      throw std::invalid_argument("drip: must be a table {bytes = N, interval = seconds}");
    int drip = lua_gettop(L);
    if (auto bytes = number_field(L, drip, "bytes"))
      spec.drip_bytes = static_cast<std::size_t>(std::max(1.0, *bytes));
    if (auto interval = number_field(L, drip, "interval"))
      spec.drip_interval = seconds_to_ms(*interval, "drip.interval");
    spec.action = FaultAction::drip;
    kinds.push_back("drip");
  }
  lua_pop(L, 1);
  if (kinds.size() > 1) throw std::invalid_argument("choose one of " + kinds[0] + " and " + kinds[1]);
  if (kinds.empty()) {
    if (spec.delay.count() == 0)
      throw std::invalid_argument(
          "says nothing to do: give status, delay, reset, close, hang, truncate, malformed or drip");
    spec.action = FaultAction::delay;
  }
  push_raw_field(L, 1, "body");
  if (!lua_isnil(L, -1)) {
    if (spec.action != FaultAction::status) throw std::invalid_argument("body: goes with status");
    spec.body = json_text(L, -1, "body");
  }
  lua_pop(L, 1);
  spec.code = optional_field(L, 1, "code", "");
  spec.message = optional_field(L, 1, "message", "");
  if (auto type = optional_field(L, 1, "content_type", "")) spec.content_type = *type;
  return spec;
}

int fake_fault(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  auto spec = read_fault(L);
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
  lua_pushstring(L, q == std::string::npos ? "" : entry.target.substr(q + 1).c_str());
  lua_setfield(L, -2, "query");
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
  check_keys(L, 1, {"method", "path"}, "");
  std::string method = string_field(L, 1, "method", "");
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const std::string path = string_field(L, 1, "path", "");
  lua_newtable(L);
  world_of(L).with([&](fake::World& world) {
    lua_Integer n = 0;
    for (const auto& entry : world.journal().entries()) {
      const auto entry_path = std::string_view(entry.target).substr(0, entry.target.find('?'));
      if (!method.empty() && entry.method != method) continue;
      if (!path.empty() && !fake::path_matches(path, entry_path)) continue;
      push_entry(L, entry);
      lua_rawseti(L, -2, ++n);
    }
    lua_pushinteger(L, static_cast<lua_Integer>(world.journal().dropped()));
    lua_setfield(L, -2, "dropped");
  });
  return 1;
}

int clock_advance(lua_State* L) {
  double seconds = luaL_checknumber(L, 1);
  if (!(seconds >= 0)) return luaL_error(L, "fake.clock.advance: seconds must be >= 0");
  world_of(L).with([&](fake::World& world) { world.advance(std::llround(seconds * 1000)); });
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
