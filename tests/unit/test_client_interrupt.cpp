// SIGINT/SIGTERM (net/interrupt.hpp) stop a request that waits on a slow server within ~100 ms, instead of
// after the read timeout, and no new request is sent once the run is stopping.
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <thread>

#include "harness/client/http_client.hpp"
#include "harness/net/interrupt.hpp"
#include "tests/unit/client_helpers.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::client;
using namespace test_net;
using namespace test_client;
namespace net = harness::net;

namespace {

class ClientInterrupt : public ::testing::Test {
 protected:
  void TearDown() override { net::clear_interrupt(); }
};

HttpClient slow_client(unsigned short port) {
  return client_for(port, 10'000ms);  // far longer than the test may take
}

}  // namespace

TEST_F(ClientInterrupt, AWaitOnASilentServerEndsSoonAfterTheSignal) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    if (self.next_request(socket, buffer)) self.hang();  // reads the request, never answers
  });
  auto client = slow_client(server.port());
  std::thread signal([] {
    std::this_thread::sleep_for(200ms);
    net::request_interrupt(SIGTERM);
  });
  const auto started = Clock::now();
  auto exchange = client.send(get("/slow"));
  const double waited = ms_since(started);
  signal.join();
  EXPECT_EQ(exchange.error, TransportError::interrupted) << exchange.error_message;
  EXPECT_EQ(exchange.error_message, "read: interrupted by SIGTERM");
  EXPECT_GE(waited, 190.0);
  EXPECT_LT(waited, 200.0 + 100.0 + 200.0) << "noticed late (the poll is 20 ms; slack for sanitizers)";
}

TEST_F(ClientInterrupt, HeadersThenSilenceKeepsTheStatusAndSaysInterrupted) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    if (!self.next_request(socket, buffer)) return;
    send_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"par");
    self.hang();
  });
  auto client = slow_client(server.port());
  std::thread signal([] {
    std::this_thread::sleep_for(150ms);
    net::request_interrupt(SIGINT);
  });
  const auto started = Clock::now();
  auto exchange = client.send(get("/half"));
  const double waited = ms_since(started);
  signal.join();
  EXPECT_LT(waited, 150.0 + 100.0 + 200.0) << "the body's wait was not cut short";
  EXPECT_EQ(exchange.error, TransportError::interrupted) << exchange.error_message;
  EXPECT_EQ(exchange.status, 200);
  EXPECT_NE(exchange.error_message.find("interrupted by SIGINT"), std::string::npos);
  EXPECT_NE(exchange.transcript().find("! interrupted: read: interrupted by SIGINT"), std::string::npos)
      << exchange.transcript();
}

TEST_F(ClientInterrupt, NoRequestIsSentOnceInterrupted) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    while (self.next_request(socket, buffer))
      send_all(socket, "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
  });
  auto client = slow_client(server.port());
  net::request_interrupt(SIGTERM);
  auto exchange = client.send(get("/never"));
  EXPECT_EQ(exchange.error, TransportError::interrupted);
  EXPECT_EQ(exchange.error_message, "not sent: interrupted by SIGTERM");
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(ClientInterrupt, TheFirstSignalWinsAndTheExitCodeFollowsIt) {
  EXPECT_FALSE(net::interrupted());
  EXPECT_EQ(net::interrupt_reason(), "");
  EXPECT_TRUE(net::request_interrupt(SIGINT));
  EXPECT_FALSE(net::request_interrupt(SIGTERM));  // a second signal: the caller quits at once
  EXPECT_EQ(net::interrupt_reason(), "interrupted by SIGINT");
  EXPECT_EQ(net::interrupt_exit_code(), 130);
  net::clear_interrupt();
  net::request_interrupt(SIGTERM);
  EXPECT_EQ(net::interrupt_exit_code(), 143);
}

// The watch takes a real signal on its own thread: the flag is set, nothing else runs a handler.
TEST_F(ClientInterrupt, SignalWatchTurnsARealSigtermIntoTheFlag) {
  {
    net::SignalWatch watch;
    ::kill(::getpid(), SIGTERM);  // blocked in this thread; the watch's signalfd takes it
    const auto started = Clock::now();
    while (!net::interrupted() && ms_since(started) < 2000) std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(net::interrupt_signal(), SIGTERM);
}
