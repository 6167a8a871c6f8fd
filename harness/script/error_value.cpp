// Reading the error value a failed protected call left: a harness error table (failure, transport, skip),
// a message, or whatever the script raised. A script's value may carry any metatable, so only raw access
// reads it, and the reading itself runs protected: it may allocate, and a Lua error outside any protected
// call would abort the process.
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {

using report::CaseResult;
using report::Outcome;

namespace {

struct ErrorReading {
  LuaState* state;
  int status;
  CaseResult* result;
};

std::string raw_string(lua_State* L, int table, const char* key) {
  std::string value = push_raw_field(L, table, key) == LUA_TSTRING ? string_at(L, -1) : "";
  lua_pop(L, 1);
  return value;
}

// A script's own error value ("error({code = 7})"): its content, and where the message handler saw it raised.
std::string describe_error_object(lua_State* L, int index, const LuaState& state) {
  std::string text = state.raised_at();
  if (lua_isnil(L, index))
    text += "error object is nil";
  else
    text += std::string("error object is a ") + luaL_typename(L, index) + ": " + describe(L, index);
  if (!state.raised_traceback().empty()) text += "\n" + state.raised_traceback();
  return text;
}

// Runs under lua_pcall: 1 = the ErrorReading, 2 = the error value.
int read_error_value(lua_State* L) {
  auto& reading = *static_cast<ErrorReading*>(lua_touserdata(L, 1));
  CaseResult& result = *reading.result;
  if (lua_type(L, 2) == LUA_TTABLE) {
    const std::string kind = raw_string(L, 2, "harness_error");
    if (kind == "skip") {
      result.outcome = Outcome::skipped;
      result.message = raw_string(L, 2, "message");
      return 0;
    }
    if (!kind.empty()) {
      result.outcome = kind == "failure" ? Outcome::failed : Outcome::errored;
      result.type = kind == "failure" ? raw_string(L, 2, "type") : "transport";
      result.message = raw_string(L, 2, "message");
      result.detail = raw_string(L, 2, "detail");
      return 0;
    }
  }
  result.outcome = Outcome::errored;
  result.type = reading.status == LUA_ERRMEM ? "memory" : "script";
  result.detail =
      lua_type(L, 2) == LUA_TSTRING ? string_at(L, 2) : describe_error_object(L, 2, *reading.state);
  const auto& context = context_of(L);
  result.detail = with_full_path(result.detail, context.file);
  for (const auto& module : context.modules) result.detail = with_full_path(result.detail, module);
  result.message = first_line(result.detail);
  return 0;
}

}  // namespace

void classify_error(lua_State* L, LuaState& state, int status, CaseResult& result) {
  if (state.deadline_hit()) {
    result.outcome = Outcome::errored;
    result.type = "timeout";
    result.message = state.deadline_reason();
    result.detail = lua_type(L, -1) == LUA_TSTRING ? string_at(L, -1) : result.message;
    return;
  }
  ErrorReading reading{&state, status, &result};
  lua_pushcfunction(L, read_error_value);
  lua_pushlightuserdata(L, &reading);
  lua_pushvalue(L, -3);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    result.outcome = Outcome::errored;
    result.type = status == LUA_ERRMEM ? "memory" : "script";
    result.message = "the error value could not be read: " + string_at(L, -1);
    result.detail = result.message;
    lua_pop(L, 1);
  }
}

}  // namespace harness::script
