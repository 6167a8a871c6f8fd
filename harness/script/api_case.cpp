// case(title, fn), check(title, fn), print(...), fixture(name), and the globals null, empty_array and
// project_id.
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"
#include "harness/script/context.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_guard.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"

namespace harness::script {
namespace {

// case() and check() register a titled function to run after the top level: `kind` names which.
int define(lua_State* L, ScriptContext& context, const char* kind, std::vector<CaseDefinition>& definitions) {
  std::size_t length = 0;
  const char* title_text = luaL_checklstring(L, 1, &length);
  std::string title(title_text, length);  // NUL bytes and all
  // (title, fn) or (title, { tags = { ... } }, fn)
  std::vector<std::string> tags;
  if (lua_istable(L, 2)) {
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      if (lua_type(L, -2) != LUA_TSTRING || string_at(L, -2) != "tags")
        return luaL_error(L, "%s(): options take only tags, as in { tags = { \"slow\" } }", kind);
      if (!lua_istable(L, -1)) return luaL_error(L, "%s(): tags must be a list of strings", kind);
      for (lua_Integer i = 1, n = static_cast<lua_Integer>(lua_rawlen(L, -1)); i <= n; ++i) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) != LUA_TSTRING)
          return luaL_error(L, "%s(): tags must be a list of strings", kind);
        tags.emplace_back(string_at(L, -1));
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_remove(L, 2);
  }
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (context.in_case)
    return luaL_error(L, "%s() inside a %s: define %ss at the top level of the file", kind,
                      context.world_file ? "check" : "case", kind);
  if (length == 0) return luaL_error(L, "%s(): the title must not be empty", kind);
  // A file defines cases or checks, never both (lua_case, lua_check), so one index serves either list.
  if (const auto existing = context.titles.find(title); existing != context.titles.end()) {
    const std::string& where = definitions[existing->second].where;
    return luaL_error(L, "%s(): the title \"%s\" is already used by the %s at %s", kind, title.c_str(), kind,
                      where.substr(0, where.size() - 2).c_str());
  }
  lua_pushvalue(L, 2);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  definitions.push_back({std::move(title), ref, lua_location(L, 1), std::move(tags)});
  context.titles.emplace(definitions.back().title, definitions.size() - 1);
  return 0;
}

int lua_case(lua_State* L) {
  auto& context = context_of(L);
  if (context.serving_scenario) {
    ++context.cases_not_run;
    return 0;
  }
  if (context.world_file)
    return luaL_error(L,
                      "case() is for scenario files (harness run); a world file of harness serve defines "
                      "check(title, fn)");
  return define(L, context, "case", context.cases);
}

// check(title, fn): in a world file of `harness serve`, an assertion on the live world (its journal) that
// runs after the client command ended.
int lua_check(lua_State* L) {
  auto& context = context_of(L);
  if (!context.world_file)
    return luaL_error(L,
                      "check() is for world files of harness serve; a scenario file defines case(title, fn)");
  return define(L, context, "check", context.checks);
}

// print() goes to the case's output (the report's system-out), not to the terminal. luaL_tolstring runs
// __tostring and reads __name, as Lua's print does; what they raise is an error of the case, at its line.
int lua_print(lua_State* L) {
  auto& context = context_of(L);
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) context.output += '\t';
    std::size_t length = 0;
    const char* text = luaL_tolstring(L, i, &length);
    context.output.append(text, length);
    lua_pop(L, 1);
  }
  context.output += '\n';
  return 0;
}

int lua_fixture(lua_State* L) {
  auto& context = context_of(L);
  std::string name = luaL_checkstring(L, 1);
  std::string problem;
  try {
    push_json(L, context.env.fixtures.load(name));
    return 1;
  } catch (const std::exception& e) {
    problem = e.what();
  }
  return luaL_error(L, "fixture(\"%s\"): %s", name.c_str(), problem.c_str());
}

int null_tostring(lua_State* L) {
  lua_pushstring(L, is_empty_array(L, 1) ? "empty_array" : "null");
  return 1;
}

}  // namespace

void register_case_api(lua_State* L) {
  set_guarded_global(L, "case", lua_case);
  set_guarded_global(L, "check", lua_check);
  set_guarded_global(L, "print", lua_print);
  set_guarded_global(L, "fixture", lua_fixture);
  register_require_api(L);
  push_null(L);
  lua_newtable(L);  // light userdata share one metatable; `null` is the only one scripts see
  push_guarded(L, "tostring", null_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_setmetatable(L, -2);
  lua_setglobal(L, "null");
  push_empty_array(L);  // the same shared metatable
  lua_setglobal(L, "empty_array");
  const auto& project_id = context_of(L).env.project_id;
  lua_pushlstring(L, project_id.data(), project_id.size());
  lua_setglobal(L, "project_id");
}

}  // namespace harness::script
