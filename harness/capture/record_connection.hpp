#pragma once
// One client connection of the recording proxy, and the state its connections share. Private to
// harness/capture (record_proxy.cpp uses it).
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "harness/capture/capture.hpp"
#include "harness/capture/record_proxy.hpp"

namespace harness::capture::recording {

// What every connection of one proxy shares: the options, the stop flag, the request budget and the
// exchanges recorded. Thread-safe.
class Recorder {
 public:
  explicit Recorder(const RecordOptions& options) : options_(options) {}
  const RecordOptions& options() const { return options_; }

  bool stopping() const { return stopping_.load(); }
  void stop();
  // A request may be forwarded: false once max_requests were claimed (or while stopping).
  bool claim();
  // A claimed request ended: recorded (an exchange given) or cut short by a signal (nullopt).
  void finish(std::optional<CapturedExchange> exchange, std::chrono::steady_clock::time_point started,
              std::chrono::system_clock::time_point started_wall);
  // Until stop(), the interrupt flag, or max_requests claimed requests ended.
  void wait();

  std::size_t recorded() const;
  Capture capture() const;
  std::chrono::system_clock::time_point started_at() const;

 private:
  struct Entry {
    CapturedExchange exchange;
    std::chrono::steady_clock::time_point started;
    std::chrono::system_clock::time_point started_wall;
  };
  const RecordOptions& options_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t claimed_ = 0, ended_ = 0;
  std::vector<Entry> entries_;
};

// Serves one accepted connection (`socket` belongs to `ioc`) until the client closes, an idle timeout, a
// failure passed on, or the recorder stops. Runs `ioc` on the calling thread.
void serve_connection(boost::asio::io_context& ioc, boost::asio::ip::tcp::socket socket, Recorder& recorder);

}  // namespace harness::capture::recording
