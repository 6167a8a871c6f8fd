// The client's waits: one deadline per step (no timer per read or write) with work post()ed by other threads
// run while a request waits, and the response buffer kept between exchanges without carrying bytes over.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "harness/client/http_client.hpp"
#include "tests/unit/client_helpers.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::client;
using namespace test_net;
using namespace test_client;

// Each posted job wakes the wait; the deadline must still be looked at after each, or a steady stream of
// work (a Lua handler answering the fake's requests) would hold a request past its timeout.
TEST(ClientDeadline, PostedWorkRunsWhileWaitingAndTheTimeoutStillComes) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    if (self.next_request(socket, buffer)) self.hang();
  });
  auto client = client_for(server.port(), 300ms);
  std::atomic<int> ran{0};
  std::atomic<bool> stop{false};
  std::thread poster([&] {
    while (!stop) {
      client.post([&] { ++ran; });
      std::this_thread::sleep_for(1ms);
    }
  });
  const auto exchange = client.send(get("/slow"));
  stop = true;
  poster.join();
  EXPECT_EQ(exchange.error, TransportError::timeout) << exchange.error_message;
  EXPECT_EQ(exchange.error_message, "read timed out after 300 ms: The socket was closed due to a timeout");
  EXPECT_GE(exchange.elapsed_ms, 290.0);
  EXPECT_LT(exchange.elapsed_ms, 2000.0);
  EXPECT_GT(ran.load(), 10);  // the posted work did not wait for the answer
}

// The first answer arrives with bytes after it in the same segment: they are not the next request's answer.
TEST(ClientDeadline, BytesLeftAfterAnAnswerAreNotTheNextAnswer) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    int answered = 0;
    while (self.next_request(socket, buffer)) {
      if (++answered == 1) {
        send_all(socket,
                 "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                 "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nstale");
      } else {
        send_all(socket, "HTTP/1.1 202 Accepted\r\nContent-Length: 6\r\n\r\nsecond");
      }
    }
  });
  auto client = client_for(server.port(), 2000ms);
  const auto first = client.send(get("/one"));
  EXPECT_EQ(first.status, 200) << first.transcript();
  EXPECT_EQ(first.response_body, "first");
  const auto second = client.send(get("/two"));
  EXPECT_EQ(second.status, 202) << second.transcript();
  EXPECT_EQ(second.response_body, "second");
}
