#include "harness/fake/handler_desk.hpp"

namespace harness::fake {

void HandlerDesk::submit(std::shared_ptr<HandlerCall> call, Completion done) {
  std::lock_guard lock(mutex_);
  queue_.push_back({std::move(call), std::move(done)});
  // Under the lock: once clear_owner() returned, no waker of the old owner runs any more.
  if (wake_) wake_();
}

void HandlerDesk::set_owner(Answer answer, Waker wake) {
  std::lock_guard lock(mutex_);
  answer_ = std::make_shared<const Answer>(std::move(answer));
  wake_ = std::move(wake);
  if (!queue_.empty() && wake_) wake_();
}

void HandlerDesk::clear_owner() {
  std::lock_guard lock(mutex_);
  answer_.reset();
  wake_ = nullptr;
}

std::size_t HandlerDesk::answer_pending() {
  std::size_t answered = 0;
  for (;;) {
    Pending pending;
    std::shared_ptr<const Answer> answer;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty() || !answer_) return answered;
      pending = std::move(queue_.front());
      queue_.pop_front();
      answer = answer_;
    }
    // One at a time, the lock not held: a handler may change the world, whose requests queue here meanwhile.
    pending.done((*answer)(*pending.call));
    ++answered;
  }
}

void HandlerDesk::drop() {
  std::deque<Pending> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(queue_);
  }
}

std::size_t HandlerDesk::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace harness::fake
