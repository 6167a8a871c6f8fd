#include "harness/script/world_script.hpp"

#include <chrono>
#include <utility>

#include "harness/net/interrupt.hpp"
#include "harness/script/context.hpp"
#include "harness/script/endpoint_handler.hpp"
#include "harness/script/lua_state.hpp"

namespace harness::script {

struct WorldScript::Impl {
  ScenarioEnv env;
  std::string file;
  ScriptContext
      context;  // before the state: closing it runs __gc finalizers, which may call harness functions
  LuaState state;
  std::string top_level_output;

  Impl(const std::string& f, ScenarioEnv e)
      : env(std::move(e)),
        file(f),
        context{.env = env, .file = f, .world_file = true, .serving_scenario = !f.ends_with(".world.lua")},
        state(env.limits.max_memory) {}
};

WorldScript::WorldScript(const std::string& file, ScenarioEnv env)
    : impl_(std::make_unique<Impl>(file, std::move(env))) {
  if (!impl_->env.world) throw std::logic_error("WorldScript: needs a world");
  auto& state = impl_->state;
  lua_State* L = state.get();
  set_context(L, &impl_->context);
  register_case_api(L);
  register_expect_api(L);
  register_http_api(L);
  register_fake_api(L);

  std::string load_error;
  if (state.load_file(file, load_error) != LUA_OK) {
    load_error = with_full_path(load_error, file);
    throw WorldScriptError(first_line(load_error), load_error);
  }
  const auto& limits = impl_->env.limits;
  state.arm_deadline(limits.max_instructions, limits.case_timeout);
  // What a world file's top level makes is mostly garbage at once (each fake.* table and the handle it
  // gets back): the generational collector frees it young, where the incremental one walks everything
  // still alive again on each cycle. The checks and the handlers run with the usual collector.
  lua_gc(L, LUA_GCGEN, 0, 0);
  const int status = state.protected_call(0, 0);
  lua_gc(L, LUA_GCINC, 0, 0, 0);
  if (status != LUA_OK) {
    report::CaseResult result;
    classify_error(L, state, status, result);
    state.disarm_deadline();
    lua_settop(L, 0);
    const std::string message = result.message.empty() ? file + ": " + result.type : result.message;
    throw WorldScriptError(message, result.detail.empty() ? message : result.detail);
  }
  state.disarm_deadline();
  lua_settop(L, 0);
  // The state lives on for the checks and the handlers, but what the top level built to make the world
  // (every fake.* table and the handles returned) is garbage now: a full collection hands it back at once,
  // before the server's journal grows into the peak, instead of whenever the incremental collector would.
  lua_gc(L, LUA_GCCOLLECT);
  impl_->top_level_output = impl_->context.output;
  impl_->context.output.clear();
  impl_->context.exchanges.clear();
}

WorldScript::~WorldScript() = default;

const std::string& WorldScript::file() const {
  return impl_->file;
}

std::size_t WorldScript::cases_not_run() const {
  return impl_->context.cases_not_run;
}

const std::string& WorldScript::output() const {
  return impl_->top_level_output;
}

std::vector<std::string> WorldScript::check_titles() const {
  std::vector<std::string> titles;
  for (const auto& check : impl_->context.checks) titles.push_back(check.title);
  return titles;
}

void WorldScript::attach(fake::SharedWorld& world) {
  impl_->env.world = &world;
}

fake::Response WorldScript::answer(fake::HandlerCall& call) {
  return answer_handler_call(impl_->state, call);
}

std::vector<std::string> WorldScript::take_handler_errors() {
  if (impl_->context.in_http) return {};
  return std::exchange(impl_->context.handler_errors, {});
}

report::SuiteResult WorldScript::run_checks(report::Reporter* listener, const CaseSelection& selection) {
  report::SuiteResult suite;
  suite.file = impl_->file;
  suite.timestamp = utc_timestamp();
  const auto started = std::chrono::steady_clock::now();
  for (const CaseDefinition* next : run_order(impl_->context.checks, selection, impl_->file)) {
    const CaseDefinition& definition = *next;
    if (!selection.selects(impl_->file, definition.title, definition.tags)) continue;
    const std::string halted = selection.halted ? selection.halted() : "";
    if (net::interrupted()) {
      suite.cases.push_back(skipped_by_interrupt(definition.title, "check"));
    } else if (!halted.empty()) {  // -x, --maxfail
      report::CaseResult skipped;
      skipped.name = definition.title;
      skipped.outcome = report::Outcome::skipped;
      skipped.message = halted + " before the check started";
      suite.cases.push_back(std::move(skipped));
    } else {
      suite.cases.push_back(run_definition(impl_->state, impl_->context, definition));
    }
    if (listener) listener->case_ended(suite, suite.cases.back());
  }
  suite.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return suite;
}

}  // namespace harness::script
