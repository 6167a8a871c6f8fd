#pragma once
// `harness record`'s recording reverse proxy: serves HTTP on loopback, forwards each request to a target with
// the project's client (plain or TLS: system CA store, a CA file, or insecure), answers the client with what
// the target answered (status, headers and body as bytes, hop-by-hop headers dropped both ways), and keeps
// every exchange in a Capture. A thread per client connection, each with its own HttpClient (keep-alive on
// both sides).
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "harness/capture/capture.hpp"
#include "harness/client/http_client.hpp"

namespace harness::capture {

struct RecordOptions {
  client::Endpoint target;
  client::ClientOptions client;  // ca_file, insecure, timeouts towards the target
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: a free port (port() says which)
  // Stop after this many exchanges (0: no limit): the next requests are not forwarded, their connections
  // are closed unanswered.
  std::size_t max_requests = 0;
  // A kept-alive client connection that sends no whole request within this is closed.
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t body_limit = 64 << 20;  // larger request bodies get 413
};

class RecordProxy {
 public:
  // Binds and starts accepting. Throws std::runtime_error naming host and port when it cannot listen, or
  // the TLS settings when they cannot be loaded (an unreadable CA file).
  explicit RecordProxy(RecordOptions options);
  ~RecordProxy();  // stop()
  RecordProxy(const RecordProxy&) = delete;
  RecordProxy& operator=(const RecordProxy&) = delete;

  unsigned short port() const;
  // Blocks until max_requests exchanges are recorded, stop() is called, or SIGINT/SIGTERM set the interrupt
  // flag (net/interrupt.hpp; the caller holds a net::SignalWatch).
  void wait();
  // Closes the listener and every idle connection, lets an exchange in progress end, joins every thread.
  // Idempotent.
  void stop();

  std::size_t recorded() const;
  // The exchanges so far, in the order their requests started (the order the target was asked), started_ms
  // counted from the first. origin is the target's URL, source "harness record". An exchange that SIGINT or
  // SIGTERM cut short is not in it: the target did not fail, the recording stopped.
  Capture capture() const;
  // Wall-clock time of the first exchange's start (a HAR's startedDateTime base); now while there is none.
  std::chrono::system_clock::time_point started_at() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::capture
