#pragma once
// What the Lua API functions reach: the scenario's environment and the record of the running case.
// Private to harness/script/.
#include <cstdint>
#include <lua.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/client/exchange.hpp"
#include "harness/client/exchange_log.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/scenario.hpp"

namespace harness::script {

struct CaseDefinition {
  std::string title;
  int function_ref = LUA_NOREF;   // in the registry
  std::string where;              // "file:line: " of the case() call
  std::vector<std::string> tags;  // case(title, { tags = {...} }, fn)
};

struct ScriptContext {
  ScenarioEnv& env;
  std::string file;
  std::vector<CaseDefinition> cases{};
  bool in_case = false;
  client::ExchangeLog exchanges{};  // of the running case (or of the top level), bounded (exchange_log.hpp)
  std::string output{};             // what the running case printed
  bool world_file = false;          // a world file of `harness serve`: check(), not case()
  // A scenario file served as a world (`harness serve scenario.lua`): its top level builds the world, its
  // case()s are counted here and not run (harness run runs them).
  bool serving_scenario = false;
  std::size_t cases_not_run = 0;
  std::vector<CaseDefinition> checks{};  // its check(title, fn) definitions
  // Title -> its index in `cases` (or `checks`): a repeated title is found without a scan, so defining n
  // cases stays linear.
  std::unordered_map<std::string, std::size_t> titles{};
  int soft_depth = 0;  // > 0 inside soft(fn): failed expectations are collected, not raised
  std::vector<std::string> soft_failures{};  // their messages, "file:line: expected ..., got ..."
  std::string soft_type{};                   // the type of the first one
  std::vector<std::string> modules{};        // the files require() loaded, for messages with their full path
  // fake.endpoint{handler = fn}: handler id -> the function's registry reference (endpoint_handler.hpp).
  std::unordered_map<std::uint64_t, int> handlers{};
  int handler_depth = 0;  // > 0 while a handler runs: http.* is refused there
  bool in_http = false;   // http.* is waiting for its answer: a failed handler's message goes to it
  std::vector<std::string> handler_errors{};  // of handlers that failed, "file:line: ...", not yet told
};

class LuaState;

// Shared by scenario files (scenario.cpp) and world files (world_script.cpp).
std::string utc_timestamp();  // "YYYY-MM-DDTHH:MM:SS", UTC, no zone
std::string first_line(const std::string& text);
// Lua shortens long chunk names to "...tail"; puts the whole path back so messages start with "file:line:".
std::string with_full_path(std::string text, const std::string& file);
// Turns the error value left by a failed protected call into the case's outcome.
void classify_error(lua_State* L, LuaState& state, int status, report::CaseResult& result);
// The definitions in the order they run: as defined, those selection.first holds for first (--ff).
std::vector<const CaseDefinition*> run_order(const std::vector<CaseDefinition>& definitions,
                                             const CaseSelection& selection, const std::string& file);
// A case (or a check: `kind`) that SIGINT/SIGTERM stopped before it started: skipped, saying so.
report::CaseResult skipped_by_interrupt(const std::string& title, const char* kind);
// Runs a case's (or a check's) function under the limits: its result with its output and exchanges.
report::CaseResult run_definition(LuaState& state, ScriptContext& context, const CaseDefinition& definition);

void set_context(lua_State* L, ScriptContext* context);
ScriptContext& context_of(lua_State* L);

// Each module adds its globals.
void register_case_api(lua_State* L);     // case, print, fixture, null, project_id
void register_expect_api(lua_State* L);   // expect, soft
void register_require_api(lua_State* L);  // require: modules of the scenarios root's lib/ folder
void register_http_api(lua_State* L);     // http.get, http.request
void register_fake_api(lua_State* L);     // fake.job
void add_fake_task_functions(lua_State* L);
void add_fake_fault_functions(
    lua_State* L);  // fake.fault, fake.requests, fake.clock: into the table on top  // fake.failure_job,
                    // fake.kps_task, fake.options: into the table on top

// Every case starts with the globals the top level left (globals_baseline.cpp); false: out of memory.
bool save_globals_baseline(lua_State* L);
bool restore_globals_baseline(lua_State* L);

// Raised errors are tables, so a case can inspect them with pcall and the runner can tell them apart:
// {harness_error = "failure" | "transport", type = ..., message = "file:line: ...", detail = ...}.
[[noreturn]] void raise_failure(lua_State* L, const std::string& type, const std::string& message,
                                const std::string& detail);
// The fake's world; without one (harness verify against a real endpoint) the case is skipped, not failed.
fake::SharedWorld& world_of(lua_State* L);
[[noreturn]] void raise_skip(lua_State* L, const std::string& reason);

[[noreturn]] void raise_transport(lua_State* L, const std::string& kind, const std::string& message,
                                  const std::string& detail);

}  // namespace harness::script
