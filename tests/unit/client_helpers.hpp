// What the client tests build again and again: a client for a loopback port and a GET request.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "harness/client/http_client.hpp"

namespace test_client {

using namespace std::chrono_literals;

inline harness::client::HttpClient client_for(unsigned short port,
                                              std::chrono::milliseconds read_timeout = 2000ms,
                                              std::chrono::milliseconds connect_timeout = 1000ms) {
  harness::client::ClientOptions options;
  options.connect_timeout = connect_timeout;
  options.read_timeout = read_timeout;
  return harness::client::HttpClient(harness::client::Endpoint{"http", "127.0.0.1", port}, options);
}

inline harness::client::Request get(std::string target) {
  harness::client::Request request;
  request.target = std::move(target);
  return request;
}

}  // namespace test_client
