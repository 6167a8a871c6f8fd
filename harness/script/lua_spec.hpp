#pragma once
// A fake.* table as the spec module reads it (harness/fake/spec_value.hpp), laid straight into the spec's
// neutral value: no JSON on the way, no string copied (the tree views the table's strings, so the table
// must stay on the stack while the tree is read). As spec_json reads a table: raw access only, at most
// kMaxDepth levels, never around a cycle, and a table mixing list items and names, such as
// {"RUNNING", seconds = 5}, is an object whose items are named by position ("1"). Private to harness/script/.
#include <lua.hpp>

#include "harness/fake/spec_value.hpp"

namespace harness::script {

// Fills the empty `tree` with the value at `index`. Throws std::invalid_argument "<problem> at <JSON
// pointer>" as spec_json does; the Lua stack is left as it was.
void read_spec(lua_State* L, int index, fake::SpecTree& tree);

}  // namespace harness::script
