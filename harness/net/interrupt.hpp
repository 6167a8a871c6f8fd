#pragma once
// SIGINT and SIGTERM as a request to stop (a Ctrl-C, a CI job's timeout or cancel). The first one sets a flag
// that the client's waits, the Lua count hook and the runner look at, so the case in progress ends as an
// error, the rest are reported skipped and the report is still written; a second one ends the process at
// once. In harness_net, the bottom module, so both harness/client and harness/script see the same flag.
#include <signal.h>

#include <atomic>
#include <string>
#include <thread>

namespace harness::net {

// The signal that asked the run to stop (SIGINT or SIGTERM), or 0 while none did. Any thread.
int interrupt_signal();
inline bool interrupted() {
  return interrupt_signal() != 0;
}
// "interrupted by SIGTERM" (empty while not interrupted): the reason reports and cases carry.
std::string interrupt_reason();
// What an interrupted command exits with: 128 + the signal (130 for SIGINT, 143 for SIGTERM).
int interrupt_exit_code();

// Sets the flag as a first signal would. Returns false when it was already set (a second signal).
bool request_interrupt(int signal);
// Back to "not interrupted": for tests, which interrupt several runs in one process.
void clear_interrupt();

// Owns SIGINT and SIGTERM while it lives. Blocks them in the constructing thread, and so in every thread
// started afterwards (threads inherit the mask), and reads them from a signalfd on a thread of its own: no
// other thread ever runs a handler for them, so nothing races with asio's or anyone's signal state. Construct
// it first, before any other thread starts (servers, workers). The first signal: request_interrupt and a line
// on stderr; the second: _exit(128 + signal) at once.
class SignalWatch {
 public:
  // What a first signal does, as the stderr line says it: "SIGTERM: <effect> (send it again to quit at
  // once)". Each command says what it does; the default is the runner's.
  explicit SignalWatch(std::string effect = kStoppingTheRun);
  static constexpr const char* kStoppingTheRun =
      "stopping the case in progress; the report will list what was cut off";
  ~SignalWatch();  // stops the waiter and restores the mask
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

 private:
  void wait_for_signals();
  void close_fds();

  std::string effect_;
  sigset_t previous_mask_;
  int signal_fd_ = -1;  // SIGINT and SIGTERM, read by the waiter
  int wake_fd_ = -1;    // an eventfd: the destructor's "stop waiting"
  std::thread waiter_;
};

}  // namespace harness::net
