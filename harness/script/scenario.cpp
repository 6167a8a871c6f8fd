#include "harness/script/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>
#include <utility>

#include "harness/fake/world.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/script/context.hpp"
#include "harness/script/endpoint_handler.hpp"
#include "harness/script/lua_state.hpp"

namespace harness::script {

using report::CaseResult;
using report::Outcome;
using Clock = std::chrono::steady_clock;

namespace {

std::string exchanges_text(const ScriptContext& context) {
  return context.exchanges.transcript();
}

}  // namespace

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// Lua shortens chunk names over 60 characters to "...tail" in its own messages; put the whole path back so
// every message starts with "file:line:".
std::string with_full_path(std::string text, const std::string& file) {
  std::size_t from = 0;
  while ((from = text.find("...", from)) != std::string::npos) {
    auto colon = text.find(':', from);
    const std::string tail = text.substr(from + 3, colon == std::string::npos ? 0 : colon - from - 3);
    if (!tail.empty() && file.size() > tail.size() &&
        file.compare(file.size() - tail.size(), tail.size(), tail) == 0)
      text.replace(from, 3 + tail.size(), file);
    from += 3;
  }
  return text;
}

CaseResult skipped_by_interrupt(const std::string& title, const char* kind) {
  CaseResult skipped;
  skipped.name = title;
  skipped.outcome = Outcome::skipped;
  skipped.message = net::interrupt_reason() + " before the " + kind + " started";
  return skipped;
}

CaseResult run_definition(LuaState& state, ScriptContext& context, const CaseDefinition& definition) {
  lua_State* L = state.get();
  const auto& limits = context.env.limits;
  context.exchanges.clear();
  context.output.clear();
  context.in_case = true;
  CaseResult result;
  result.name = definition.title;
  const auto started = Clock::now();

  lua_rawgeti(L, LUA_REGISTRYINDEX, definition.function_ref);
  state.arm_deadline(limits.max_instructions, limits.case_timeout);
  if (int status = state.protected_call(0, 0); status != LUA_OK) {
    classify_error(L, state, status, result);
    lua_pop(L, 1);
  }
  state.disarm_deadline();
  lua_settop(L, 0);
  context.in_case = false;

  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  result.output = context.output + exchanges_text(context);
  return result;
}

namespace {

// An error outside any case (the file does not load or its top level fails) is reported as one errored case.
report::SuiteResult file_error(report::SuiteResult suite, const std::string& type, const std::string& detail,
                               double seconds, report::Reporter* listener) {
  CaseResult result;
  result.name = "(load " + suite.file + ")";
  result.outcome = Outcome::errored;
  result.type = type;
  result.message = first_line(detail);
  result.detail = detail;
  result.seconds = seconds;
  suite.cases.push_back(std::move(result));
  suite.error_output = detail + "\n";
  suite.seconds = seconds;
  if (listener) listener->case_ended(suite, suite.cases.back());
  return suite;
}

}  // namespace

report::SuiteResult run_scenario(const std::string& file, ScenarioEnv& env, report::Reporter* listener) {
  report::SuiteResult suite;
  suite.file = file;
  suite.timestamp = utc_timestamp();
  const auto suite_started = Clock::now();
  auto elapsed = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };

  // The context outlives the state: closing the state runs the script's __gc finalizers, which may call
  // harness functions.
  ScriptContext context{.env = env, .file = file};
  LuaState state(env.limits.max_memory);
  lua_State* L = state.get();
  set_context(L, &context);
  register_case_api(L);
  register_expect_api(L);
  register_http_api(L);
  register_fake_api(L);
  // The world's Lua-function endpoints are answered here, while http.* waits.
  std::optional<HandlerOwnership> handlers;
  if (env.world) handlers.emplace(state, *env.world, env.client);

  std::string load_error;
  if (state.load_file(file, load_error) != LUA_OK)
    return file_error(suite, "script", with_full_path(load_error, file), elapsed(suite_started), listener);
  state.arm_deadline(env.limits.max_instructions, env.limits.case_timeout);
  if (int status = state.protected_call(0, 0); status != LUA_OK) {
    CaseResult result;
    classify_error(L, state, status, result);
    state.disarm_deadline();
    if (result.outcome ==
        Outcome::skipped) {  // the file's world needs the fake: none of its cases can run here
      result.name = "(all cases of " + file + ")";
      result.seconds = elapsed(suite_started);
      suite.cases.push_back(std::move(result));
      suite.seconds = elapsed(suite_started);
      if (listener) listener->case_ended(suite, suite.cases.back());
      return suite;
    }
    return file_error(suite, result.type, result.detail, elapsed(suite_started), listener);
  }
  state.disarm_deadline();
  if (context.cases.empty())
    return file_error(suite, "script", file + ": defines no case()", elapsed(suite_started), listener);
  if (env.world) env.world->save_baseline();
  if (!save_globals_baseline(L))
    return file_error(suite, "memory", file + ": not enough memory to save the globals of the top level",
                      elapsed(suite_started), listener);
  // What the top level printed or fetched is shown with the first case, so nothing is lost from the report.
  std::string top_level_output = context.output + exchanges_text(context);
  if (!top_level_output.empty()) top_level_output = "(top level of " + file + ")\n" + top_level_output + "\n";

  // Each case's output goes into the suite's <system-out> as the case ends; a passing case may then drop its
  // own copy (env.passing_output), so memory does not grow with the number of cases that passed.
  if (!env.selection.list_only) suite.system_out.emplace();  // --list writes no report
  suite.cases.reserve(context.cases.size());                 // one result per case, none moved again
  const auto finish = [&](CaseResult& result) {
    if (!suite.system_out) return;
    suite.system_out->add(result.name, result.output);
    const bool problem = result.outcome == Outcome::failed || result.outcome == Outcome::errored;
    if (!problem && env.passing_output == PassingOutput::dropped) std::string().swap(result.output);
  };
  for (const CaseDefinition* next : run_order(context.cases, env.selection, file)) {
    const CaseDefinition& definition = *next;
    if (!env.selection.selects(file, definition.title, definition.tags)) continue;
    if (env.selection.list_only) {
      CaseResult listed;
      listed.name = definition.title;
      listed.outcome = Outcome::skipped;
      listed.type = "listed";
      for (const auto& tag : definition.tags) {
        if (!listed.message.empty()) listed.message += ' ';
        listed.message += tag;
      }
      suite.cases.push_back(std::move(listed));
      finish(suite.cases.back());
      continue;
    }
    if (net::interrupted()) {  // SIGINT/SIGTERM: the cases not started yet are reported skipped, with why
      suite.cases.push_back(skipped_by_interrupt(definition.title, "case"));
      if (listener) listener->case_ended(suite, suite.cases.back());
      finish(suite.cases.back());
      continue;
    }
    if (const std::string halted = env.selection.halted ? env.selection.halted() : ""; !halted.empty()) {
      CaseResult skipped;  // -x, --maxfail: the run stopped at an earlier failure
      skipped.name = definition.title;
      skipped.outcome = Outcome::skipped;
      skipped.message = halted + " before the case started";
      suite.cases.push_back(std::move(skipped));
      if (listener) listener->case_ended(suite, suite.cases.back());
      finish(suite.cases.back());
      continue;
    }
    if (env.world) env.world->restore_baseline();
    CaseResult result;
    if (restore_globals_baseline(L)) {
      result = run_definition(state, context, definition);
      if (env.case_ran) env.case_ran();
    } else {
      result.name = definition.title;
      result.outcome = Outcome::errored;
      result.type = "memory";
      result.message = file + ": not enough memory to restore the globals of the top level";
      result.detail = result.message;
    }
    result.output = std::exchange(top_level_output, "") + result.output;
    suite.cases.push_back(std::move(result));
    if (listener) listener->case_ended(suite, suite.cases.back());
    finish(suite.cases.back());
  }
  suite.seconds = elapsed(suite_started);
  return suite;
}

std::vector<const CaseDefinition*> run_order(const std::vector<CaseDefinition>& definitions,
                                             const CaseSelection& selection, const std::string& file) {
  std::vector<const CaseDefinition*> order;
  for (const auto& definition : definitions) order.push_back(&definition);
  if (selection.first)  // --ff: the cases that failed last time first
    std::stable_partition(order.begin(), order.end(),
                          [&](const CaseDefinition* d) { return selection.first(file, d->title); });
  return order;
}

bool CaseSelection::selects(const std::string& file, const std::string& title,
                            const std::vector<std::string>& case_tags) const {
  return !accepts || accepts(file, title, case_tags);
}

}  // namespace harness::script
