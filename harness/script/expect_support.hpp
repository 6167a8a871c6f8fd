#pragma once
// What the functions of an expectation share (api_expect.cpp, api_matchers.cpp, api_soft.cpp). Private to
// harness/script/.
#include <lua.hpp>
#include <string>

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

// Sets `field` of the expectation table on top to `body`, closing over the value at stack index 1 and the
// label at index 2 (kExpectedValue, kExpectedLabel).
void set_matcher(lua_State* L, const char* field, lua_CFunction body);
// Adds not_equals, matches, contains, at_least, at_most, between, near, has_type and has.
void add_matchers(lua_State* L);

void register_soft_api(lua_State* L);  // soft(fn)
// matches() uses string.find as the sandbox opened it, whatever a script later does to `string`.
void keep_string_find(lua_State* L);

}  // namespace harness::script
