// require(name): a module from the scenarios root's lib/ folder, in the same sandbox and under the same
// budgets as the file that requires it. No package table, no search path: one folder, names of letters,
// digits, _ and dots ("paging", "kps.auth" -> lib/kps/auth.lua), so no name reaches outside it.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>
#include <stdexcept>

#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/scenarios_root.hpp"

namespace harness::script {
namespace {

namespace fs = std::filesystem;

const char* const kModules = "harness.modules";  // name -> what the module returned, or kLoading
const char* const kLoading = "harness.module_loading";

bool inside(const fs::path& path, const fs::path& folder) {
  auto [end, at] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return end == folder.end();
}

fs::path module_file(const std::string& scenario, const std::string& name) {
  static const std::regex kName(R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)");
  if (!std::regex_match(name, kName))
    throw std::invalid_argument("\"" + name +
                                "\" is not a module name (letters, digits, _ and dots: \"paging\", "
                                "\"kps.auth\")");
  const auto root = scenarios_root(scenario);
  if (!root)
    throw std::invalid_argument("no lib/ folder beside " + scenario +
                                " or above it: modules live in the scenarios root's lib/");
  std::string relative = name;
  std::replace(relative.begin(), relative.end(), '.', '/');
  const fs::path lib = root->empty() ? fs::path("lib") : *root / "lib";
  const fs::path file = (lib / (relative + ".lua")).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw std::invalid_argument("no module " + file.generic_string());
  // A symlink may point anywhere: the file it reaches must still be inside lib/.
  const fs::path real = fs::canonical(file, ec);
  if (ec || !inside(real, fs::canonical(lib, ec)))
    throw std::invalid_argument(file.generic_string() + " leads outside " + lib.generic_string());
  return file;
}

int lua_require(lua_State* L) {
  const std::string name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  if (lua_getfield(L, LUA_REGISTRYINDEX, kModules) != LUA_TTABLE) {  // 2: the modules loaded so far
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, kModules);
  }
  lua_pushvalue(L, 1);
  if (lua_rawget(L, 2) != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TSTRING && string_at(L, -1) == kLoading)
      throw std::invalid_argument("\"" + name + "\" requires itself (a cycle of modules)");
    return 1;
  }
  lua_pop(L, 1);
  const std::string file = module_file(context_of(L).file, name).generic_string();
  std::string error;
  if (LuaState::of(L).load_file(file, error) != LUA_OK)
    throw std::invalid_argument(with_full_path(error, file));
  auto& modules = context_of(L).modules;
  if (std::find(modules.begin(), modules.end(), file) == modules.end()) modules.push_back(file);
  lua_pushvalue(L, 1);
  lua_pushstring(L, kLoading);
  lua_rawset(L, 2);
  if (lua_pcall(L, 0, 1, 0) != LUA_OK) {  // the module's own errors carry its file:line
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, 2);  // not loaded: a later require tries again instead of seeing a cycle
    return lua_error(L);
  }
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawset(L, 2);
  return 1;
}

}  // namespace

void register_require_api(lua_State* L) {
  set_guarded_global(L, "require", lua_require);
}

}  // namespace harness::script
