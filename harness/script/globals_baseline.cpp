// Independent cases: the globals the file's top level leaves are saved, and every case starts from them, so
// a global that one case sets or changes is never seen by the next (nor does -k change what a case sees).
// Shallow: the global names and their values; the tables they hold are not copied.
#include "harness/script/context.hpp"

namespace harness::script {
namespace {

const char* const kBaseline = "harness.globals_baseline";

int save(lua_State* L) {
  lua_newtable(L);
  lua_pushglobaltable(L);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -5);
  }
  lua_pop(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, kBaseline);
  return 0;
}

int restore(lua_State* L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, kBaseline) != LUA_TTABLE) return 0;  // 1
  lua_pushglobaltable(L);                                                     // 2
  lua_pushnil(L);
  while (lua_next(L, 2)) {  // names a case added go (clearing a field while traversing is allowed)
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) == LUA_TNIL) {
      lua_pushvalue(L, -2);
      lua_pushnil(L);
      lua_rawset(L, 2);
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  while (lua_next(L, 1)) {  // and the others get their values back
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, 2);
  }
  return 0;
}

// Runs `body` protected: it allocates, and a Lua error outside any protected call would abort.
bool run_protected(lua_State* L, lua_CFunction body) {
  lua_pushcfunction(L, body);
  const bool ok = lua_pcall(L, 0, 0, 0) == LUA_OK;
  if (!ok) lua_pop(L, 1);
  return ok;
}

}  // namespace

bool save_globals_baseline(lua_State* L) {
  return run_protected(L, save);
}

bool restore_globals_baseline(lua_State* L) {
  return run_protected(L, restore);
}

}  // namespace harness::script
