#pragma once
// fake.endpoint{handler = function(req) ... end}: the Lua functions behind declared endpoints. The fake hands
// each request for one over to the scenario's thread (harness/fake/handler_desk.hpp); it runs there in the
// sandbox and under the budget of what is running (a case's, a top level's), or under a budget of its own
// when nothing is (`harness serve` between requests). Private to harness/script/.
#include <cstdint>
#include <lua.hpp>

#include "harness/fake/handler_desk.hpp"

namespace harness::client {
class HttpClient;
}
namespace harness::fake {
class SharedWorld;
}

namespace harness::script {

class LuaState;

// A fresh id for a handler, unique in the process (so a reloaded world file's ids never meet the last one's).
std::uint64_t next_handler_id();
// Keeps the function at `index` as the handler known by `id`.
void keep_handler(lua_State* L, int index, std::uint64_t id);

// Runs the call's handler and returns the answer to send, finished as serve() finishes any (faults, headers,
// journal). Never throws: a handler that fails, or returns what cannot be served, is answered 500 in the
// endpoint's error shape, and the message ("file:line: ...") is kept in the context's handler_errors.
fake::Response answer_handler_call(LuaState& state, fake::HandlerCall& call);

// While it lives, the world's Lua-function endpoints are answered by this state whenever the thread waits in
// `client` (http.*). The state and its context must outlive it.
class HandlerOwnership {
 public:
  HandlerOwnership(LuaState& state, fake::SharedWorld& world, client::HttpClient& client);
  ~HandlerOwnership();
  HandlerOwnership(const HandlerOwnership&) = delete;
  HandlerOwnership& operator=(const HandlerOwnership&) = delete;

 private:
  fake::SharedWorld& world_;
  fake::CoalescedWake wake_;
};

}  // namespace harness::script
