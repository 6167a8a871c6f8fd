#pragma once
// A sandboxed Lua state: allow-listed libraries, a memory cap, and a deadline (instructions and wall clock)
// that stops a runaway script and cannot be swallowed by pcall. Private to harness/script/.
#include <chrono>
#include <cstdint>
#include <lua.hpp>
#include <optional>
#include <string>

namespace harness::script {

class LuaState {
 public:
  explicit LuaState(std::size_t max_memory);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }

  // Loads a text chunk named "@<file>" so messages read "file:line:"; bytecode is refused.
  // Returns LUA_OK and leaves the function on the stack, or an error code and the message.
  int load_file(const std::string& file, std::string& error);

  // Arms the deadline for what runs next: at most `instructions` VM instructions and `wall` of real time.
  void arm_deadline(std::uint64_t instructions, std::chrono::milliseconds wall);
  void disarm_deadline();
  bool deadline_hit() const { return deadline_hit_; }
  // Wall-clock time left before the armed deadline (at least 1 ms); nullopt when none is armed.
  std::optional<std::chrono::milliseconds> time_left() const;
  const std::string& deadline_reason() const { return deadline_reason_; }

  // lua_pcall with a message handler that appends a traceback to string errors. Other error values (tables:
  // failures, transport errors, a script's error({...})) pass unchanged; where such a value was raised, which
  // only the handler can see, is kept: raised_at() ("file:line: ", or "") and raised_traceback().
  int protected_call(int nargs, int nresults);
  const std::string& raised_at() const { return raised_at_; }
  const std::string& raised_traceback() const { return raised_traceback_; }

  static LuaState& of(lua_State* L);  // the owner of a state

 private:
  static void* allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size);
  static void on_count(lua_State* L, lua_Debug* ar);
  static int on_error(lua_State* L);  // the message handler of protected_call
  void open_sandbox();

  lua_State* L_ = nullptr;
  std::size_t max_memory_;
  std::size_t used_memory_ = 0;
  std::uint64_t budget_ = 0;  // instructions left
  std::chrono::steady_clock::time_point wall_deadline_;
  std::chrono::milliseconds wall_limit_{0};
  std::uint64_t instruction_limit_ = 0;
  bool deadline_hit_ = false;
  bool armed_ = false;
  std::string deadline_reason_;
  std::string raised_at_;
  std::string raised_traceback_;
};

// Where the Lua code at `level` stands: "scenarios/x.lua:12: " (full path, unlike luaL_where's short source).
std::string lua_location(lua_State* L, int level);

}  // namespace harness::script
