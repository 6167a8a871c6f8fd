#pragma once
// The one door out of Lua: every lua_CFunction the harness gives a script is registered through here, so a
// C++ exception thrown under it (a field error, a JSON error, bad_alloc, a fixture error...) becomes a Lua
// error "file:line: <function>: <what>" at the script's line instead of unwinding through the interpreter.
// Private to harness/script/.
#include <lua.hpp>

namespace harness::script {

// Pops `upvalues` values and pushes `body` as a guarded closure named `name` (as the script writes it, e.g.
// "fake.job"). The body reads its own upvalues with guarded_upvalue(i), i from 1.
void push_guarded(lua_State* L, const char* name, lua_CFunction body, int upvalues = 0);
constexpr int guarded_upvalue(int i) {
  return lua_upvalueindex(2 + i);
}

// Sets each of `functions` (ended by {nullptr, nullptr}) in the table on top, named "<prefix>.<name>".
void set_guarded_functions(lua_State* L, const char* prefix, const luaL_Reg* functions);
void set_guarded_global(lua_State* L, const char* name, lua_CFunction body);

// Whether the value at `index` is a function registered through this door (tests check every one is).
bool is_guarded(lua_State* L, int index);

}  // namespace harness::script
