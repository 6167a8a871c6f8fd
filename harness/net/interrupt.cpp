#include "harness/net/interrupt.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>

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

SignalWatch::SignalWatch(std::string effect) : effect_(std::move(effect)) {
  const sigset_t set = stop_signals();
  if (const int error = ::pthread_sigmask(SIG_BLOCK, &set, &previous_mask_); error != 0)
    throw std::runtime_error(std::string("cannot block SIGINT/SIGTERM: ") + std::strerror(error));
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ < 0 || wake_fd_ < 0) {
    const int error = errno;
    close_fds();
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    throw std::runtime_error(std::string("cannot watch SIGINT/SIGTERM: ") + std::strerror(error));
  }
  waiter_ = std::thread([this] { wait_for_signals(); });
}

SignalWatch::~SignalWatch() {
  const std::uint64_t one = 1;
  while (::write(wake_fd_, &one, sizeof one) < 0 && errno == EINTR) {
  }
  waiter_.join();
  close_fds();
  ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void SignalWatch::close_fds() {
  if (signal_fd_ >= 0) ::close(signal_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  signal_fd_ = wake_fd_ = -1;
}

// Waits for a signal or for the destructor's wake-up, with no timeout: a poll every 100 ms here kept every
// command up to 100 ms longer than its work at exit.
void SignalWatch::wait_for_signals() {
  pollfd watched[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;  // cannot happen with valid descriptors; signals then stay pending until the mask is restored
    }
    if (watched[1].revents != 0) return;
    signalfd_siginfo info{};
    if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
    const int signal = static_cast<int>(info.ssi_signo);
    if (!request_interrupt(signal)) {
      say(std::string("harness: ") + signal_name(signal) + " again: quitting at once\n");
      ::_exit(128 + signal);
    }
    say(std::string("harness: ") + signal_name(signal) + ": " + effect_ +
        " (send it again to quit at once)\n");
  }
}

}  // namespace harness::net
