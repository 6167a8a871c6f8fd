// The guarded door out of Lua. Debian's lua5.4-c++ raises Lua errors as C++ throws of its own type (not a
// std::exception), so catching std::exception here never swallows one; and the Lua error this raises is
// raised after the catch block ends, never from inside it.
#include "harness/script/lua_guard.hpp"

#include <exception>
#include <new>
#include <string>

#include "harness/script/lua_state.hpp"

namespace harness::script {
namespace {

constexpr int kBody = lua_upvalueindex(1);  // the body, as a light userdata
constexpr int kName = lua_upvalueindex(2);  // the name the script calls it by

int guarded_call(lua_State* L) {
  auto body = reinterpret_cast<lua_CFunction>(lua_touserdata(L, kBody));
  std::string problem;
  try {
    return body(L);
  } catch (const std::bad_alloc&) {
    problem = "not enough memory";
  } catch (const std::exception& e) {
    problem = e.what();
  }
  std::size_t length = 0;
  const char* name = lua_tolstring(L, kName, &length);
  const std::string message = lua_location(L, 1) + std::string(name, length) + ": " + problem;
  lua_pushlstring(L, message.data(), message.size());
  return lua_error(L);
}

}  // namespace

void push_guarded(lua_State* L, const char* name, lua_CFunction body, int upvalues) {
  lua_pushlightuserdata(L, reinterpret_cast<void*>(body));
  lua_pushstring(L, name);
  lua_rotate(L, -(upvalues + 2), 2);  // body and name first, then the body's own upvalues
  lua_pushcclosure(L, guarded_call, upvalues + 2);
}

void set_guarded_functions(lua_State* L, const char* prefix, const luaL_Reg* functions) {
  for (; functions->name; ++functions) {
    push_guarded(L, (std::string(prefix) + "." + functions->name).c_str(), functions->func);
    lua_setfield(L, -2, functions->name);
  }
}

void set_guarded_global(lua_State* L, const char* name, lua_CFunction body) {
  push_guarded(L, name, body);
  lua_setglobal(L, name);
}

bool is_guarded(lua_State* L, int index) {
  return lua_tocfunction(L, index) == guarded_call;
}

}  // namespace harness::script
