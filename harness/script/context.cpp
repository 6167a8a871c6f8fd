#include "harness/script/context.hpp"

#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"

namespace harness::script {
namespace {

const char* const kContextKey = "harness.context";

int error_tostring(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  push_raw_field(L, 1, "message");
  return 1;
}

[[noreturn]] void raise_table(lua_State* L, const char* harness_error, const std::string& type,
                              const std::string& message, const std::string& detail) {
  lua_createtable(L, 0, 5);
  if (std::string(harness_error) == "transport") {  // `err.kind` reads naturally in a case
    lua_pushlstring(L, type.data(), type.size());
    lua_setfield(L, -2, "kind");
  }
  lua_pushstring(L, harness_error);
  lua_setfield(L, -2, "harness_error");
  lua_pushlstring(L, type.data(), type.size());
  lua_setfield(L, -2, "type");
  lua_pushlstring(L, message.data(), message.size());
  lua_setfield(L, -2, "message");
  lua_pushlstring(L, detail.data(), detail.size());
  lua_setfield(L, -2, "detail");
  if (luaL_newmetatable(L, "harness.error")) {
    push_guarded(L, "tostring", error_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_setmetatable(L, -2);
  lua_error(L);
  __builtin_unreachable();
}

}  // namespace

void set_context(lua_State* L, ScriptContext* context) {
  lua_pushlightuserdata(L, context);
  lua_setfield(L, LUA_REGISTRYINDEX, kContextKey);
}

ScriptContext& context_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kContextKey);
  auto* context = static_cast<ScriptContext*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return *context;
}

void raise_failure(lua_State* L, const std::string& type, const std::string& message,
                   const std::string& detail) {
  raise_table(L, "failure", type, message, detail);
}

void raise_skip(lua_State* L, const std::string& reason) {
  raise_table(L, "skip", "skip", reason, reason);
}

fake::SharedWorld& world_of(lua_State* L) {
  auto& context = context_of(L);
  if (!context.env.world)
    raise_skip(L, lua_location(L, 1) +
                      "needs the fake server (fake.*), which a run against a real endpoint has not");
  return *context.env.world;
}

void raise_transport(lua_State* L, const std::string& kind, const std::string& message,
                     const std::string& detail) {
  raise_table(L, "transport", kind, message, detail);
}

}  // namespace harness::script
