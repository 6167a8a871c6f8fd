#pragma once
// The fake server: HTTP/1.1 (or HTTPS) on a loopback port, serving the shared world from its own thread.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: an ephemeral port
  // Keep-alive: a connection on which no byte of a next request arrives within this closes quietly.
  std::chrono::milliseconds idle_timeout{30000};
  // From a request's first byte to the end of its header; a header later than that gets 408 and the
  // connection closes, so a client that trickles its header cannot hold a connection (RFC 9110 15.5.9).
  std::chrono::milliseconds header_timeout{5000};
  std::chrono::milliseconds read_timeout{30000};  // the whole request, body included; the TLS handshake
  std::chrono::milliseconds write_timeout{30000};
  std::size_t body_limit = 1 << 20;  // larger request bodies get 413
  // Asked first, on the server thread, without the world's lock: an answer it gives goes out as is, before
  // faults and without a journal entry (`harness serve`'s admin API). Empty: every request is the fake's.
  std::function<std::optional<Response>(const Request&)> front_desk;
  // TLS: both PEM files given, every connection shakes hands before HTTP (the certificate file may hold the
  // chain). Empty: plain HTTP. An unreadable or mismatched pair throws std::runtime_error at start.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class FakeServer {
 public:
  // Binds and starts serving; a bind failure throws std::runtime_error naming host and port.
  FakeServer(SharedWorld& world, ServerOptions options);
  ~FakeServer();
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  unsigned short port() const;
  const std::string& host() const;
  // Closes the listener and every connection, then waits for the server thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::fake
