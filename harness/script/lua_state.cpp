#include "harness/script/lua_state.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/net/interrupt.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"

namespace harness::script {
namespace {

constexpr int kHookInterval = 10'000;  // instructions between deadline checks

// setmetatable, refusing a metatable with __gc: Lua runs finalizers with hooks off (no deadline can stop
// one), at any allocation or when the state closes after the last case. Lua only marks a table for
// finalization when setmetatable sees __gc, so adding the field later does nothing.
int setmetatable_without_gc(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return luaL_error(
          L, "setmetatable: a metatable with __gc is refused (finalizers run outside every limit)");
    lua_pop(L, 1);
  }
  lua_pushvalue(L, guarded_upvalue(1));  // Lua's own setmetatable
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
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
  lua_getglobal(L_, "setmetatable");
  push_guarded(L_, "setmetatable", setmetatable_without_gc, 1);
  lua_setglobal(L_, "setmetatable");

  lua_pushglobaltable(L_);
  lua_newtable(L_);
  push_guarded(L_, "(global lookup)", unknown_global);
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
  std::string_view text = content.view();
  // Editors on Windows save a UTF-8 byte order mark; Lua's own file loader skips it too. No line is lost.
  if (constexpr std::string_view kBom = "\xEF\xBB\xBF"; text.substr(0, kBom.size()) == kBom)
    text.remove_prefix(kBom.size());
  const std::string chunkname = "@" + file;
  int status = luaL_loadbufferx(L_, text.data(), text.size(), chunkname.c_str(), "t");
  if (status != LUA_OK) {
    error = string_at(L_, -1);
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
    else if (net::interrupted())  // SIGINT/SIGTERM: the run is stopping (net/interrupt.hpp)
      self.deadline_reason_ = net::interrupt_reason();
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

int LuaState::on_error(lua_State* L) {
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TSTRING) {  // the message, then Lua's traceback: as luaL_traceback writes them
    lua_pushvalue(L, 1);                // (kept whole: its char* form would stop at a NUL byte)
    lua_pushliteral(L, "\n");
    luaL_traceback(L, L, nullptr, 1);
    lua_concat(L, 3);
    return 1;
  }
  LuaState& self = of(L);
  self.raised_at_ = lua_location(L, 1);  // level 1: error(), or the Lua code that raised
  luaL_traceback(L, L, nullptr, 1);
  self.raised_traceback_ = string_at(L, -1);
  lua_settop(L, 1);
  return 1;
}

int LuaState::protected_call(int nargs, int nresults) {
  raised_at_.clear();
  raised_traceback_.clear();
  int base = lua_gettop(L_) - nargs;
  lua_pushcfunction(L_, &LuaState::on_error);
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
  std::string_view source = ar.source ? ar.source : "?";
  if (!source.empty() && (source[0] == '@' || source[0] == '=')) source.remove_prefix(1);
  // Built in one allocation: every case() and expect() asks (bench/README.md, the list).
  char line[16];
  const auto line_end = std::to_chars(line, line + sizeof line, ar.currentline).ptr;
  std::string where;
  where.reserve(source.size() + static_cast<std::size_t>(line_end - line) + 3);
  where.append(source).append(1, ':').append(line, line_end).append(": ");
  return where;
}

}  // namespace harness::script
