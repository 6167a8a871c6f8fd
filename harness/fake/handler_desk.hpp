#pragma once
// Requests for endpoints a Lua function answers (fake.endpoint{handler = function(req) ... end}). Lua runs on
// the thread that owns the scenario's state, never on the server's: the server thread hands each such
// request over here and its session waits, without blocking the thread, for the answer. The owner answers
// when it next waits (in http.*, or in `harness serve`'s loop), where the desk's waker reaches it.
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/fake/faults.hpp"
#include "harness/fake/http_message.hpp"

namespace harness::fake {

struct HandlerCall {
  std::uint64_t handler = 0;  // the Lua function's id (DeclaredSpec::handler)
  Request request;
  std::vector<std::pair<std::string, std::string>> params;  // the path's values, by name
  std::string service;  // whose error shape an answer the handler could not give has
  std::string key;      // "POST /v1/{project_id}/cloudservers"
  // The fault that matched the request and bends the answer (a delay, a truncation, ...), with its 1-based
  // number for the journal; 0: none.
  int fault_number = 0;
  std::optional<FaultSpec> fault;
};

// A waker that posts answer_pending() to one place at most once until it ran: the place may not run for a
// long time (a client's loop runs only while it sends), and must not pile up a post per request meanwhile.
class CoalescedWake {
 public:
  template <typename Post>
  void operator()(Post&& post, class HandlerDesk& desk);

 private:
  std::atomic<bool> queued_{false};
};

class HandlerDesk {
 public:
  using Completion = std::function<void(Response)>;
  using Answer = std::function<Response(HandlerCall&)>;  // never throws
  using Waker = std::function<void()>;

  // The server thread: queues the call and wakes the owner. `done` gets the answer on the owner's thread.
  void submit(std::shared_ptr<HandlerCall> call, Completion done);

  // The owner: how a call is answered (on its thread) and how it is woken to do so: `wake` is called on the
  // server's thread, under the desk's lock, and must only post answer_pending() to where the owner waits.
  // Calls queued before are answered at the owner's next wait.
  void set_owner(Answer answer, Waker wake);
  // No owner any more: calls wait until another one comes, or the server drops them.
  void clear_owner();

  // The owner's thread: answers every queued call; returns how many. Without an owner, answers none.
  std::size_t answer_pending();

  // The server stopped: the queued calls' sessions are closed, nobody is waiting for their answers.
  void drop();
  std::size_t queued() const;

 private:
  struct Pending {
    std::shared_ptr<HandlerCall> call;
    Completion done;
  };
  mutable std::mutex mutex_;
  std::deque<Pending> queue_;
  std::shared_ptr<const Answer> answer_;  // shared so that a reset during an answer does not free it
  Waker wake_;
};

template <typename Post>
void CoalescedWake::operator()(Post&& post, HandlerDesk& desk) {
  if (queued_.exchange(true)) return;
  post([this, &desk] {
    queued_ = false;  // before answering: a call queued from now on posts again
    desk.answer_pending();
  });
}

}  // namespace harness::fake
