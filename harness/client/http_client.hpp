#pragma once
// The HTTP client scenarios drive: plain or TLS, keep-alive, connect and read timeouts, every exchange
// recorded.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "harness/client/exchange.hpp"

namespace harness::client {

struct Endpoint {
  std::string scheme = "http";  // "http", or "https" (TLS through OpenSSL)
  std::string host = "127.0.0.1";
  unsigned short port = 80;
  std::string url() const;  // "http://127.0.0.1:8080"
};

// The host as a URL or a Host header writes it: an IPv6 address in brackets.
std::string host_text(const std::string& host);

// "https://host[:port][/]" or "http://host[:port][/]" (an IPv6 host in brackets); default ports 443 and 80.
// Throws std::invalid_argument saying what is wrong (no scheme, a path, a bad port, ...).
Endpoint parse_endpoint(std::string url);

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{5000};  // for the whole response, from the request's first byte
  std::size_t response_body_limit = 64 << 20;
  HeaderList default_headers;  // sent with every request unless the request sets them
  // TLS (scheme "https"): the peer's certificate is checked against the system CA store, plus `ca_file`
  // (PEM) when given, and must name the endpoint's host (DNS name or IP address). `insecure` checks nothing.
  std::string ca_file;
  bool insecure = false;
};

struct Request {
  std::string method = "GET";
  std::string target;  // "/v1/p1/jobs/abc?x=1"
  HeaderList headers;
  std::string body;
  std::optional<std::chrono::milliseconds> read_timeout;  // overrides the client's
};

class HttpClient {
 public:
  // Throws std::runtime_error when the TLS settings cannot be loaded (e.g. an unreadable ca_file).
  HttpClient(Endpoint endpoint, ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Never throws for network trouble: a failure comes back in Exchange::error.
  Exchange send(const Request& request);
  const Endpoint& endpoint() const { return endpoint_; }
  // Runs `work` on the thread that calls send(), while send() waits (or at the start of the next one): how
  // another thread hands that thread work, e.g. the fake's requests for a Lua handler. Any thread.
  void post(std::function<void()> work);

 private:
  struct Impl;
  Endpoint endpoint_;
  ClientOptions options_;
  std::string url_;          // endpoint_.url(), written once: every exchange's URL starts with it
  std::string host_header_;  // "host:port", the Host header of every request
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::client
