#include "harness/net/interrupt.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace harness::net {
namespace {

std::atomic<int> requested{0};

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// write(2), not iostreams: the other threads may be printing under their own locks.
void say(const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

int interrupt_signal() {
  return requested.load(std::memory_order_acquire);
}

std::string interrupt_reason() {
  const int signal = interrupt_signal();
  return signal == 0 ? std::string() : std::string("interrupted by ") + signal_name(signal);
}

int interrupt_exit_code() {
  const int signal = interrupt_signal();
  return signal == 0 ? 0 : 128 + signal;
}

bool request_interrupt(int signal) {
  int none = 0;
  return requested.compare_exchange_strong(none, signal, std::memory_order_acq_rel);
}

void clear_interrupt() {
  requested.store(0, std::memory_order_release);
}

SignalWatch::SignalWatch() {
  const sigset_t set = stop_signals();
  if (const int error = ::pthread_sigmask(SIG_BLOCK, &set, &previous_mask_); error != 0)
    throw std::runtime_error(std::string("cannot block SIGINT/SIGTERM: ") + std::strerror(error));
  waiter_ = std::thread([this] { wait_for_signals(); });
}

SignalWatch::~SignalWatch() {
  stopping_ = true;
  waiter_.join();
  ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void SignalWatch::wait_for_signals() {
  const sigset_t set = stop_signals();
  const timespec poll{0, 100'000'000};  // how soon the destructor is noticed
  while (!stopping_) {
    const int signal = ::sigtimedwait(&set, nullptr, &poll);
    if (signal < 0) continue;  // EAGAIN (timeout) or EINTR
    if (!request_interrupt(signal)) {
      say(std::string("harness: ") + signal_name(signal) + " again: quitting at once\n");
      ::_exit(128 + signal);
    }
    say(std::string("harness: ") + signal_name(signal) +
        ": stopping the case in progress; the report will list what was cut off (send it again to quit at "
        "once)\n");
  }
}

}  // namespace harness::net
