#pragma once
// What the functions of an expectation share (api_expect.cpp, api_matchers.cpp, api_soft.cpp). Private to
// harness/script/.
#include <lua.hpp>
#include <string>
#include <vector>

#include "harness/script/lua_guard.hpp"

namespace harness::script {

inline constexpr int kExpectedValue = guarded_upvalue(1);  // the value given to expect()
inline constexpr int kExpectedLabel = guarded_upvalue(2);  // expect(value, label): nil or a string

// "file:line: " of the expectation, then "label: " when expect() was given one: the rows of a table-driven
// check tell themselves apart although they fail at the same line.
std::string expectation_where(lua_State* L);

// The failure's detail: the message, then the exchange the case made last (what the value most likely came
// from).
std::string detail_with_exchange(lua_State* L, const std::string& text);

// A failed expectation: raised as a failure table, or, inside soft(fn), collected and the case goes on.
void fail_expectation(lua_State* L, const std::string& type, const std::string& message,
                      const std::string& detail);

// Adds not_equals, matches, contains, at_least, at_most, between, near, has_type and has to the matchers an
// expectation offers; each runs as a guarded closure over the value and the label (kExpectedValue,
// kExpectedLabel).
void add_matchers(std::vector<luaL_Reg>& matchers);

void register_soft_api(lua_State* L);  // soft(fn)
// matches() uses string.find as the sandbox opened it, whatever a script later does to `string`.
void keep_string_find(lua_State* L);

}  // namespace harness::script
