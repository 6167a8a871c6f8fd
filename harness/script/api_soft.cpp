// soft(fn): runs fn, collecting every failed expectation instead of stopping at the first, then fails once
// with all of them, so a whole status matrix is checked in one case and read in one failure.
#include "harness/script/context.hpp"
#include "harness/script/expect_support.hpp"
#include "harness/script/lua_fields.hpp"
#include "harness/script/lua_state.hpp"

namespace harness::script {

void fail_expectation(lua_State* L, const std::string& type, const std::string& message,
                      const std::string& detail) {
  auto& context = context_of(L);
  if (context.soft_depth == 0) raise_failure(L, type, message, detail);
  if (context.soft_failures.empty()) context.soft_type = type;
  context.soft_failures.push_back(message);
}

namespace {

std::string listed(const std::vector<std::string>& failures) {
  std::string text;
  for (const auto& failure : failures) text += "\n  " + failure;
  return text;
}

int lua_soft(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  auto& context = context_of(L);
  const std::string where = lua_location(L, 1);
  const bool outermost = context.soft_depth == 0;  // a soft() inside another adds to the outer one
  if (outermost) {
    context.soft_failures.clear();
    context.soft_type.clear();
  }
  ++context.soft_depth;
  const int status = lua_pcall(L, 0, 0, 0);
  --context.soft_depth;
  if (!outermost) {
    if (status != LUA_OK) return lua_error(L);
    return 0;
  }
  auto failures = std::move(context.soft_failures);
  context.soft_failures.clear();
  if (status != LUA_OK) {  // an error stops the block: what failed before it is kept in the case's output
    if (!failures.empty())
      context.output += where + "soft(): " + std::to_string(failures.size()) +
                        " expectation(s) failed before an error stopped the block:" + listed(failures) + "\n";
    return lua_error(L);
  }
  if (failures.empty()) return 0;
  std::string message = failures.front();
  if (failures.size() > 1)
    message += " (and " + std::to_string(failures.size() - 1) + " more in soft() at " +
               where.substr(0, where.size() - 2) + ")";
  const std::string detail = where + "soft(): " + std::to_string(failures.size()) +
                             (failures.size() == 1 ? " expectation" : " expectations") +
                             " failed:" + listed(failures);
  raise_failure(L, context.soft_type, message, detail_with_exchange(L, detail));
}

}  // namespace

void register_soft_api(lua_State* L) {
  set_guarded_global(L, "soft", lua_soft);
}

}  // namespace harness::script
