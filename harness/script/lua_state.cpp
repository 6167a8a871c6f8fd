#include "harness/script/lua_state.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace harness::script {
namespace {

constexpr int kHookInterval = 10'000;  // instructions between deadline checks

int traceback_handler(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING) return 1;  // failures and transport errors are tables: keep them
  luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

// Unknown globals raise instead of reading as nil, so a typo (`expct`) is an error at its line.
int unknown_global(lua_State* L) {
  const char* name = lua_tostring(L, 2);
  return luaL_error(L, "unknown global '%s'", name ? name : "?");
}

}  // namespace

LuaState::LuaState(std::size_t max_memory) : max_memory_(max_memory) {
  L_ = lua_newstate(&LuaState::allocate, this);
  if (!L_) throw std::runtime_error("cannot create a Lua state");
  *static_cast<LuaState**>(lua_getextraspace(L_)) = this;
  open_sandbox();
}

LuaState::~LuaState() {
  lua_close(L_);
}

LuaState& LuaState::of(lua_State* L) {
  return **static_cast<LuaState**>(lua_getextraspace(L));
}

void* LuaState::allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* self = static_cast<LuaState*>(ud);
  if (ptr == nullptr) old_size = 0;  // then old_size only tells the kind of object
  if (new_size == 0) {
    std::free(ptr);
    self->used_memory_ -= old_size;
    return nullptr;
  }
  if (new_size > old_size && self->used_memory_ + (new_size - old_size) > self->max_memory_) return nullptr;
  void* grown = std::realloc(ptr, new_size);
  if (grown) self->used_memory_ = self->used_memory_ - old_size + new_size;
  return grown;
}

void LuaState::open_sandbox() {
  // Only these libraries: no io, os, package, debug, coroutine.
  const luaL_Reg libraries[] = {{LUA_GNAME, luaopen_base},
                                {LUA_TABLIBNAME, luaopen_table},
                                {LUA_STRLIBNAME, luaopen_string},
                                {LUA_MATHLIBNAME, luaopen_math},
                                {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (const auto& lib : libraries) {
    luaL_requiref(L_, lib.name, lib.func, 1);
    lua_pop(L_, 1);
  }
  // Names that reach files or load code from outside the scenario (load would also take bytecode).
  for (const char* name : {"dofile", "loadfile", "load"}) {
    lua_pushnil(L_);
    lua_setglobal(L_, name);
  }
  lua_getglobal(L_, LUA_STRLIBNAME);
  lua_pushnil(L_);
  lua_setfield(L_, -2, "dump");  // produces bytecode
  lua_pop(L_, 1);

  lua_pushglobaltable(L_);
  lua_newtable(L_);
  lua_pushcfunction(L_, unknown_global);
  lua_setfield(L_, -2, "__index");
  lua_pushliteral(L_, "sandboxed");
  lua_setfield(L_, -2, "__metatable");
  lua_setmetatable(L_, -2);
  lua_pop(L_, 1);
}

int LuaState::load_file(const std::string& file, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = file + ": cannot open the file";
    return LUA_ERRFILE;
  }
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  const std::string chunkname = "@" + file;
  int status = luaL_loadbufferx(L_, text.data(), text.size(), chunkname.c_str(), "t");
  if (status != LUA_OK) {
    error = lua_tostring(L_, -1);
    lua_pop(L_, 1);
  }
  return status;
}

void LuaState::arm_deadline(std::uint64_t instructions, std::chrono::milliseconds wall) {
  instruction_limit_ = instructions;
  budget_ = instructions;
  wall_limit_ = wall;
  wall_deadline_ = std::chrono::steady_clock::now() + wall;
  deadline_hit_ = false;
  armed_ = true;
  deadline_reason_.clear();
  lua_sethook(L_, &LuaState::on_count, LUA_MASKCOUNT, kHookInterval);
}

void LuaState::disarm_deadline() {
  armed_ = false;
  lua_sethook(L_, nullptr, 0, 0);
}

std::optional<std::chrono::milliseconds> LuaState::time_left() const {
  if (!armed_) return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wall_deadline_ -
                                                                    std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

void LuaState::on_count(lua_State* L, lua_Debug*) {
  LuaState& self = of(L);
  if (!self.deadline_hit_) {
    self.budget_ = self.budget_ > kHookInterval ? self.budget_ - kHookInterval : 0;
    if (self.budget_ == 0)
      self.deadline_reason_ = "stopped: more than " + std::to_string(self.instruction_limit_) +
                              " Lua instructions (a runaway loop?)";
    else if (std::chrono::steady_clock::now() > self.wall_deadline_)
      self.deadline_reason_ = "stopped: the case ran longer than " +
                              std::to_string(self.wall_limit_.count() / 1000.0).substr(0, 5) + " s";
    else
      return;
    self.deadline_hit_ = true;
    self.deadline_reason_ =
        lua_location(L, 0) + self.deadline_reason_;  // level 0: the Lua code the hook interrupted
    // From now on every instruction raises again, so a pcall in the script cannot swallow the stop.
    lua_sethook(L, &LuaState::on_count, LUA_MASKCOUNT, 1);
  }
  lua_pushstring(L, self.deadline_reason_.c_str());
  lua_error(L);
}

int LuaState::protected_call(int nargs, int nresults) {
  int base = lua_gettop(L_) - nargs;
  lua_pushcfunction(L_, traceback_handler);
  lua_insert(L_, base);
  int status = lua_pcall(L_, nargs, nresults, base);
  lua_remove(L_, base);
  return status;
}

std::string lua_location(lua_State* L, int level) {
  lua_Debug ar;
  // The nearest Lua code at or above `level`: pcall(http.get, ...) has pcall, a C function, at level 1.
  for (;; ++level) {
    if (!lua_getstack(L, level, &ar)) return "";
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) break;
  }
  std::string source = ar.source ? ar.source : "?";
  if (!source.empty() && (source[0] == '@' || source[0] == '=')) source.erase(0, 1);
  return source + ":" + std::to_string(ar.currentline) + ": ";
}

}  // namespace harness::script
