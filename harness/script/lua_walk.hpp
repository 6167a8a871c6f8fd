#pragma once
// What every walk over a script's tables shares (lua_value.cpp, lua_spec.cpp): the depth limit and cycle
// detection, the JSON pointer of where it stands (made text only for an error), and telling lists from
// objects. Private to harness/script/.
#include <algorithm>
#include <lua.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/script/lua_value.hpp"

namespace harness::script::walk {

inline std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

inline std::string at(const std::string& problem, const std::string& pointer) {
  return pointer.empty() ? problem : problem + " at " + pointer;
}

inline const std::string kTooDeep = "nested deeper than " + std::to_string(kMaxDepth) + " levels";

// Where a walk stands, as the tokens of a JSON pointer: joined into text only for an error message, so a
// walk that succeeds builds no pointer string per value (most of the cost of a fake.job table, measured).
class PointerPath {
 public:
  void push_index(lua_Integer i) { tokens_.push_back({{}, i}); }
  void push_key(std::string_view key) { tokens_.push_back({key, 0}); }  // the key outlives its token
  void pop() { tokens_.pop_back(); }
  std::string text() const {
    std::string out;
    for (const auto& token : tokens_) {
      out += '/';
      out += token.index > 0 ? std::to_string(token.index - 1)  // JSON pointers count from 0
                             : escape_pointer_token(token.key);
    }
    return out;
  }

 private:
  struct Token {
    std::string_view key;
    lua_Integer index;  // > 0: a list item
  };
  std::vector<Token> tokens_;
};

inline const std::string& text_of(const std::string& pointer) {
  return pointer;
}
inline std::string text_of(const PointerPath& pointer) {
  return pointer.text();
}

// The tables from the root to where a walk stands: the depth limit and cycle detection for every walk over
// a script's tables. Each entered table also gets the Lua stack room its walk needs.
class TablePath {
 public:
  // A spec (spec_json) may mix list items and names, as {"RUNNING", seconds = 5} does: the items then
  // arrive under their positions as names ("1").
  bool mixed_tables_as_objects = false;

  template <typename Pointer>  // a std::string or a PointerPath: made text only for an error
  void enter(lua_State* L, int index, const Pointer& pointer) {
    const void* table = lua_topointer(L, index);
    if (std::find(tables_.begin(), tables_.end(), table) != tables_.end())
      throw std::invalid_argument(at("cyclic table", text_of(pointer)));
    if (tables_.size() >= static_cast<std::size_t>(kMaxDepth))
      throw std::invalid_argument(at(kTooDeep, text_of(pointer)));
    luaL_checkstack(L, 8, "tables nested too deep");
    tables_.push_back(table);
  }
  void leave() { tables_.pop_back(); }

 private:
  std::vector<const void*> tables_;
};

// Length of the array part when the table's keys are exactly 1..n; -1 otherwise.
inline lua_Integer array_length(lua_State* L, int index) {
  lua_Integer count = 0, max = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
      lua_pop(L, 1);
      return -1;
    }
    ++count;
    max = std::max(max, lua_tointeger(L, -1));
  }
  return count == max ? count : -1;
}

}  // namespace harness::script::walk
