// Lua values into the spec module's neutral value, for fake.* (the JSON door is harness/fake/spec_json.cpp).
#include "harness/script/lua_spec.hpp"

#include <algorithm>
#include <string>

#include "harness/script/lua_walk.hpp"

namespace harness::script {
namespace {

using Type = fake::SpecValue::Type;

class SpecReader {
 public:
  SpecReader(lua_State* L, fake::SpecTree& tree) : L_(L), tree_(tree) {}

  // Nodes are reached by index: a block added for a table's children may move them all.
  void read(int index, std::uint32_t at) {
    index = lua_absindex(L_, index);
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        return;  // a node is null until set
      case LUA_TBOOLEAN:
        tree_.node(at).type = Type::boolean;
        tree_.node(at).boolean = lua_toboolean(L_, index);
        return;
      case LUA_TNUMBER:
        if (lua_isinteger(L_, index)) {
          tree_.node(at).type = Type::integer;
          tree_.node(at).integer = lua_tointeger(L_, index);
        } else {
          tree_.node(at).type = Type::number;
          tree_.node(at).number = lua_tonumber(L_, index);
        }
        return;
      case LUA_TSTRING:
        tree_.node(at).type = Type::string;
        tree_.node(at).text = view(index);
        return;
      case LUA_TLIGHTUSERDATA:
        if (is_null(L_, index)) return;
        if (is_empty_array(L_, index)) {
          tree_.node(at).type = Type::list;
          return;
        }
        break;
      case LUA_TTABLE:
        path_.enter(L_, index, pointer_);
        read_table(index, at);
        path_.leave();
        return;
      default:
        break;
    }
    throw std::invalid_argument(
        walk::at(std::string("a ") + luaL_typename(L_, index) + " has no JSON form", pointer_.text()));
  }

 private:
  // Only for strings: lua_tolstring would turn a number into a string in place. The bytes live as long as
  // the table holds the string.
  std::string_view view(int index) {
    std::size_t length = 0;
    const char* text = lua_tolstring(L_, index, &length);
    return {text, length};
  }

  // One pass counts the keys and tells a list (keys exactly 1..n, n > 0) from an object; the next reads them.
  void read_table(int index, std::uint32_t at) {
    std::uint32_t count = 0;
    lua_Integer max = 0;
    bool positions = true;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      lua_pop(L_, 1);
      ++count;
      if (positions && lua_isinteger(L_, -1) && lua_tointeger(L_, -1) >= 1)
        max = std::max(max, lua_tointeger(L_, -1));
      else
        positions = false;
    }
    if (positions && count > 0 && max == count)
      read_list(index, at, count);
    else
      read_object(index, at, count);
  }

  void read_list(int index, std::uint32_t at, std::uint32_t n) {
    const std::uint32_t first = tree_.add_nodes(n);
    tree_.node(at).type = Type::list;
    tree_.node(at).first = first;
    tree_.node(at).count = n;
    for (std::uint32_t i = 0; i < n; ++i) {
      lua_rawgeti(L_, index, static_cast<lua_Integer>(i) + 1);
      pointer_.push_index(static_cast<lua_Integer>(i) + 1);
      read(-1, first + i);
      pointer_.pop();
      lua_pop(L_, 1);
    }
  }

  void read_object(int index, std::uint32_t at, std::uint32_t count) {
    const std::uint32_t first = tree_.add_nodes(count);
    tree_.node(at).type = Type::object;
    tree_.node(at).first = first;
    tree_.node(at).count = count;
    std::uint32_t i = first;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      std::string_view key;
      if (lua_type(L_, -2) == LUA_TSTRING)
        key = view(-2);
      else if (lua_isinteger(L_, -2))  // {"RUNNING", seconds = 5}: the state arrives as "1"
        key = tree_.keep(std::to_string(lua_tointeger(L_, -2)));
      else
        throw std::invalid_argument(walk::at("a table mixing list items and named keys", pointer_.text()));
      tree_.node(i).key = key;
      pointer_.push_key(key);
      read(-1, i++);
      pointer_.pop();
      lua_pop(L_, 1);
    }
    tree_.sort_members(at);
    // {"RUNNING", ["1"] = "INIT"}: the same name twice, once as a number; JSON can hold only one.
    for (std::uint32_t j = first; j + 1 < first + count; ++j)
      if (tree_.node(j).key == tree_.node(j + 1).key)
        throw std::invalid_argument(walk::at(
            "a table with the key " + std::string(tree_.node(j).key) + " both as a number and as a string",
            pointer_.text()));
  }

  lua_State* L_;
  fake::SpecTree& tree_;
  walk::PointerPath pointer_;
  walk::TablePath path_;
};

}  // namespace

void read_spec(lua_State* L, int index, fake::SpecTree& tree) {
  index = lua_absindex(L, index);
  const int top = lua_gettop(L);
  std::string problem;
  try {
    tree.reserve(32);  // a job with its timeline and entities, in one allocation
    SpecReader(L, tree).read(index, tree.add_nodes(1));
    return;
  } catch (const std::invalid_argument& e) {
    problem = e.what();
  }
  lua_settop(L, top);  // a walk stopped halfway leaves its keys and values on the stack
  throw std::invalid_argument(problem);
}

}  // namespace harness::script
