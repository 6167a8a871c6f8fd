#include "harness/script/endpoint_handler.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "harness/client/http_client.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/services.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_spec.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

std::atomic<std::uint64_t> last_handler_id{0};

void set_string(lua_State* L, const char* key, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

// req: method, path, target, params, query (the first value of each name), headers (lower-case names), body,
// json (the body decoded, or nil when it is not JSON).
void push_request(lua_State* L, const fake::HandlerCall& call) {
  const auto& request = call.request;
  lua_createtable(L, 0, 8);
  set_string(L, "method", request.method);
  set_string(L, "path", std::string(request.path()));
  set_string(L, "target", request.target);
  lua_createtable(L, 0, static_cast<int>(call.params.size()));
  for (const auto& [name, value] : call.params) set_string(L, name.c_str(), value);
  lua_setfield(L, -2, "params");
  lua_newtable(L);
  const fake::Query query(request.query());
  for (auto it = query.params().rbegin(); it != query.params().rend(); ++it)  // the first one wins
    set_string(L, it->first.c_str(), it->second);
  lua_setfield(L, -2, "query");
  lua_newtable(L);
  for (auto [name, value] : request.headers) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    set_string(L, name.c_str(), value);
  }
  lua_setfield(L, -2, "headers");
  set_string(L, "body", request.body);
  if (!request.body.empty()) {
    const auto json = nlohmann::json::parse(request.body, nullptr, false);
    if (!json.is_discarded() && !json_nesting_problem(json)) {
      push_json(L, json);
      lua_setfield(L, -2, "json");
    }
  }
}

struct CallFrame {
  fake::HandlerCall* call;
  fake::DeclaredAnswer answer;
  bool gone = false;       // no handler by that id: the world file that declared it was reloaded
  std::string defined_at;  // "file:line: " of the function
};

// The answer a handler returned: its body straight to JSON text (it is sent as is, no placeholders filled),
// the rest through the spec module, as a declared answer is read.
fake::DeclaredAnswer read_answer(lua_State* L, int answer) {
  std::optional<std::string> body;
  if (push_raw_field(L, answer, "body") != LUA_TNIL) body = json_text(L, -1, "body");
  lua_pop(L, 1);
  push_table_without(L, answer, "body");
  fake::SpecTree table;
  read_spec(L, -1, table);
  auto read = fake::answer_spec(table.root(), "");
  lua_pop(L, 1);
  read.text = std::move(body);
  return read;
}

// Pushes the handler and its argument; false when there is no handler by the call's id.
bool prepare(lua_State* L, CallFrame& frame) {
  auto& context = context_of(L);
  const auto found = context.handlers.find(frame.call->handler);
  if (found == context.handlers.end()) return false;
  lua_rawgeti(L, LUA_REGISTRYINDEX, found->second);
  lua_Debug where;
  lua_pushvalue(L, -1);
  lua_getinfo(L, ">S", &where);
  // The chunk's whole name ("@scenarios/x.lua"), not Lua's shortened short_src.
  const std::string file = where.source && where.source[0] == '@' ? where.source + 1 : where.short_src;
  frame.defined_at = file + ":" + std::to_string(where.linedefined) + ": ";
  push_request(L, *frame.call);
  return true;
}

// In a protected call: every Lua error (the handler's, memory) ends there, never past the caller. A C++
// exception becomes a Lua error raised after its catch block, as lua_guard does.
int run_handler(lua_State* L) {
  auto& frame = *static_cast<CallFrame*>(lua_touserdata(L, 1));
  std::string problem;
  try {
    if (!prepare(L, frame)) {
      frame.gone = true;
      return 0;
    }
  } catch (const std::exception& e) {
    problem = std::string("could not be called: ") + e.what();
  }
  if (problem.empty()) {
    lua_call(L, 1, 1);
    try {
      if (!lua_istable(L, -1))
        problem =
            "must return an answer {status = ..., headers = ..., body = ...}, returned " + describe(L, -1);
      else
        frame.answer = read_answer(L, lua_gettop(L));
    } catch (const std::exception& e) {
      problem = std::string("returned an answer that cannot be served: ") + e.what();
    }
  }
  if (problem.empty()) return 0;
  problem = frame.defined_at + "the handler of " + frame.call->key + " " + problem;
  lua_pushlstring(L, problem.data(), problem.size());
  return lua_error(L);
}

fake::Response run_call(LuaState& state, fake::HandlerCall& call) {
  lua_State* L = state.get();
  auto& context = context_of(L);
  if (!lua_checkstack(L, 8))
    return fake::service_error(call.service, 500, "HARNESS.0500", "The Lua stack is full.");
  // Between cases (`harness serve` idle) nothing is armed: the call gets a case's budget of its own.
  const bool arm = !state.time_left();
  if (arm) state.arm_deadline(context.env.limits.max_instructions, context.env.limits.case_timeout);
  CallFrame frame;
  frame.call = &call;
  const int top = lua_gettop(L);
  lua_pushcfunction(L, run_handler);
  lua_pushlightuserdata(L, &frame);
  ++context.handler_depth;
  const int status = state.protected_call(1, 0);
  --context.handler_depth;
  std::string error;
  if (status != LUA_OK) {
    report::CaseResult result;
    classify_error(L, state, status, result);
    error = result.message.empty() ? result.type : result.message;
    if (result.type == "timeout") error += " (in the handler of " + call.key + ")";
  }
  lua_settop(L, top);
  if (arm) state.disarm_deadline();
  if (frame.gone)
    return fake::service_error(
        call.service, 503, "HARNESS.0503",
        "The handler of " + call.key +
            " is gone: the world that declared it was replaced. Send the request again.");
  if (!error.empty()) {
    context.handler_errors.push_back(error);
    return fake::service_error(call.service, 500, "HARNESS.0500", "The endpoint's handler failed: " + error);
  }
  return fake::declared_response(frame.answer);
}

}  // namespace

std::uint64_t next_handler_id() {
  return ++last_handler_id;
}

void keep_handler(lua_State* L, int index, std::uint64_t id) {
  lua_pushvalue(L, index);
  context_of(L).handlers[id] = luaL_ref(L, LUA_REGISTRYINDEX);
}

fake::Response answer_handler_call(LuaState& state, fake::HandlerCall& call) {
  fake::Response answer;
  try {
    answer = run_call(state, call);
  } catch (const std::exception& e) {  // e.g. out of memory outside Lua
    answer = fake::service_error(call.service, 500, "HARNESS.0500",
                                 std::string("The endpoint's handler could not run: ") + e.what());
  }
  // The desk is the world's, so the world is there.
  fake::SharedWorld& world = *context_of(state.get()).env.world;
  try {
    return world.with([&](fake::World& w) { return fake::finish_handler_call(w, call, std::move(answer)); });
  } catch (const std::exception&) {  // out of memory for the journal entry: an answer all the same
    fake::Response failed;
    failed.status = 500;
    return failed;
  }
}

HandlerOwnership::HandlerOwnership(LuaState& state, fake::SharedWorld& world, client::HttpClient& client)
    : world_(world) {
  auto& desk = world.desk();
  desk.set_owner(
      [&state](fake::HandlerCall& call) { return answer_handler_call(state, call); },
      [this, &client, &desk] { wake_([&client](auto work) { client.post(std::move(work)); }, desk); });
}

HandlerOwnership::~HandlerOwnership() {
  world_.desk().clear_owner();
}

}  // namespace harness::script
