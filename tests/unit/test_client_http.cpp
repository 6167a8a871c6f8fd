// The client against small scripted loopback servers: answers, keep-alive, and every way a connection can
// fail.
#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include "harness/client/http_client.hpp"
#include "tests/unit/client_helpers.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::client;
using namespace test_net;
using namespace test_client;

namespace {

const std::string kOk =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Trace: t-1\r\nContent-Length: 11\r\n\r\n";
const std::string kOkBody = "{\"a\":\"b c\"}";

std::string header(const Exchange& exchange, const std::string& name) {
  for (const auto& [key, value] : exchange.response_headers)
    if (key == name) return value;
  return "(absent)";
}

// Answers every request on a connection with kOk until the client closes it.
void answer_all(tcp::socket& socket, ScriptedServer& server) {
  std::string buffer;
  while (server.next_request(socket, buffer)) send_all(socket, kOk + kOkBody);
}

// Reads one request, then does `then` with the socket.
template <typename F>
ScriptedServer::Handler after_request(F then) {
  return [then](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    if (server.next_request(socket, buffer)) then(socket, server);
  };
}

}  // namespace

TEST(ClientHttp, NormalAnswerWithBodyHeadersAndTime) {
  std::mutex mutex;
  std::string seen;
  ScriptedServer server([&](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    auto request = self.next_request(socket, buffer);
    if (!request) return;
    {
      std::lock_guard lock(mutex);
      seen = request->head + "\r\n\r\n" + request->body;
    }
    std::this_thread::sleep_for(5ms);
    send_all(socket, kOk + kOkBody);
  });
  auto client = client_for(server.port());
  Request request = get("/v1/p1/jobs/abc?x=1");
  request.method = "POST";
  request.body = "{}";
  request.headers = {{"X-Auth-Token", "tok"}};
  auto exchange = client.send(request);
  EXPECT_TRUE(exchange.ok()) << exchange.error_message;
  EXPECT_EQ(exchange.error, TransportError::none);
  EXPECT_EQ(exchange.status, 200);
  EXPECT_EQ(exchange.response_body, kOkBody);
  EXPECT_EQ(header(exchange, "X-Trace"), "t-1");
  EXPECT_EQ(header(exchange, "Content-Type"), "application/json");
  EXPECT_GE(exchange.elapsed_ms, 5.0);
  EXPECT_LT(exchange.elapsed_ms, 1000.0);
  EXPECT_EQ(exchange.url, "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/p1/jobs/abc?x=1");
  std::lock_guard lock(mutex);
  EXPECT_EQ(seen.rfind("POST /v1/p1/jobs/abc?x=1 HTTP/1.1\r\n", 0), 0u) << seen;
  EXPECT_NE(seen.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"), std::string::npos)
      << seen;
  EXPECT_NE(seen.find("X-Auth-Token: tok\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Content-Length: 2\r\n"), std::string::npos) << seen;
  EXPECT_EQ(seen.substr(seen.size() - 6), "\r\n\r\n{}");
}

TEST(ClientHttp, KeepAliveReusesOneConnection) {
  ScriptedServer server(answer_all);
  auto client = client_for(server.port());
  for (int i = 0; i < 3; ++i) {
    auto exchange = client.send(get("/a"));
    EXPECT_EQ(exchange.status, 200) << exchange.transcript();
    EXPECT_EQ(exchange.response_body, kOkBody);
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(ClientHttp, ResponseWithConnectionCloseIsNotReused) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer&) {
    send_all(socket, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    socket.shutdown(tcp::socket::shutdown_send);
  }));
  auto client = client_for(server.port());
  EXPECT_EQ(client.send(get("/a")).status, 200);
  auto second = client.send(get("/a"));
  EXPECT_TRUE(second.ok()) << second.transcript();
  EXPECT_EQ(second.response_body, "ok");
  EXPECT_EQ(server.connections(), 2);
}

TEST(ClientHttp, IdleConnectionClosedByTheServerIsReplacedTransparently) {
  std::atomic<int> closed{0};
  ScriptedServer server(after_request([&](tcp::socket& socket, ScriptedServer&) {
    send_all(socket, kOk + kOkBody);  // keep-alive answer, then the server drops the idle connection
    socket.close();
    ++closed;
  }));
  auto client = client_for(server.port());
  EXPECT_EQ(client.send(get("/a")).status, 200);
  for (auto deadline = Clock::now() + 2s; closed == 0 && Clock::now() < deadline;)
    std::this_thread::sleep_for(1ms);
  ASSERT_EQ(closed, 1);
  std::this_thread::sleep_for(10ms);  // the FIN reaches the client's socket
  auto second = client.send(get("/a"));
  EXPECT_TRUE(second.ok()) << second.transcript();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(server.connections(), 2);
}

TEST(ClientHttp, IdleConnectionResetByTheServerIsReplacedTransparently) {
  std::atomic<int> closed{0};
  ScriptedServer server(after_request([&](tcp::socket& socket, ScriptedServer&) {
    send_all(socket, kOk + kOkBody);
    reset(socket);
    ++closed;
  }));
  auto client = client_for(server.port());
  EXPECT_EQ(client.send(get("/a")).status, 200);
  for (auto deadline = Clock::now() + 2s; closed == 0 && Clock::now() < deadline;)
    std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(10ms);
  auto second = client.send(get("/a"));
  EXPECT_TRUE(second.ok()) << second.transcript();
  EXPECT_EQ(server.connections(), 2);
}

TEST(ClientHttp, ConnectionRefused) {
  unsigned short port;
  {
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }  // closed again: nothing listens there now
  auto client = client_for(port);
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::refused) << exchange.error_message;
  EXPECT_EQ(exchange.status, 0);
  EXPECT_EQ(exchange.error_message.rfind("connect", 0), 0u) << exchange.error_message;
  EXPECT_LT(exchange.elapsed_ms, 500.0);
}

TEST(ClientHttp, NoAnswerTimesOutWithinTheReadTimeout) {
  ScriptedServer server(after_request([](tcp::socket&, ScriptedServer& self) { self.hang(); }));
  auto client = client_for(server.port(), 300ms);
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::timeout) << exchange.error_message;
  EXPECT_EQ(exchange.status, 0);
  EXPECT_EQ(exchange.error_message, "read timed out after 300 ms: The socket was closed due to a timeout");
  EXPECT_GE(exchange.elapsed_ms, 290.0);
  EXPECT_LT(exchange.elapsed_ms, 1000.0);
}

TEST(ClientHttp, PerRequestReadTimeoutOverridesTheClients) {
  ScriptedServer server(after_request([](tcp::socket&, ScriptedServer& self) { self.hang(); }));
  auto client = client_for(server.port(), 5000ms);
  Request request = get("/a");
  request.read_timeout = 150ms;
  auto exchange = client.send(request);
  EXPECT_EQ(exchange.error, TransportError::timeout);
  EXPECT_LT(exchange.elapsed_ms, 1000.0);
}

TEST(ClientHttp, HeadersThenHangTimesOutKeepingTheStatus) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer& self) {
    send_all(socket,
             "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 50\r\nRetry-After: 1\r\n\r\n{\"err");
    self.hang();
  }));
  auto client = client_for(server.port(), 300ms);
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::timeout) << exchange.error_message;
  EXPECT_EQ(exchange.status, 503);
  EXPECT_EQ(header(exchange, "Retry-After"), "1");
  EXPECT_EQ(exchange.response_body, "{\"err");
  EXPECT_GE(exchange.elapsed_ms, 290.0);
  EXPECT_LT(exchange.elapsed_ms, 1000.0);
}

TEST(ClientHttp, ShortBodyThenCloseIsTruncated) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer&) {
    send_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    socket.shutdown(tcp::socket::shutdown_send);
    wait_closed(socket, 1000ms);
  }));
  auto client = client_for(server.port());
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::truncated) << exchange.error_message;
  EXPECT_EQ(exchange.status, 200);
  EXPECT_EQ(exchange.response_body, "0123456789");
}

TEST(ClientHttp, ResetAfterTheRequestIsReset) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer&) { reset(socket); }));
  auto client = client_for(server.port());
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::reset) << exchange.error_message;
  EXPECT_EQ(exchange.status, 0);
}

TEST(ClientHttp, ResetBeforeReadingTheRequestIsReset) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer&) { reset(socket); });
  auto client = client_for(server.port());
  for (int i = 0; i < 5; ++i) {
    auto exchange = client.send(get("/a"));
    EXPECT_EQ(exchange.error, TransportError::reset) << exchange.error_message;
  }
}

TEST(ClientHttp, ResetInTheMiddleOfTheBodyIsResetKeepingTheStatus) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer&) {
    send_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n01234");
    std::this_thread::sleep_for(50ms);  // the client has parsed the head
    reset(socket);
  }));
  auto client = client_for(server.port());
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::reset) << exchange.error_message;
  EXPECT_EQ(exchange.status, 200);
  EXPECT_EQ(exchange.response_body, "01234");
}

TEST(ClientHttp, CloseWithoutAnsweringIsClosed) {
  ScriptedServer server(after_request([](tcp::socket& socket, ScriptedServer&) {
    socket.shutdown(tcp::socket::shutdown_send);
    wait_closed(socket, 1000ms);
  }));
  auto client = client_for(server.port());
  auto exchange = client.send(get("/a"));
  EXPECT_EQ(exchange.error, TransportError::closed) << exchange.error_message;
  EXPECT_EQ(exchange.status, 0);
}

TEST(ClientHttp, GarbageStatusLineIsProtocol) {
  for (const std::string answer :
       {"GARBAGE\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 200 OK\r\nbad header\r\n\r\n"}) {
    ScriptedServer server(after_request([&](tcp::socket& socket, ScriptedServer& self) {
      send_all(socket, answer);
      self.hang(2000ms);
    }));
    auto client = client_for(server.port());
    auto exchange = client.send(get("/a"));
    EXPECT_EQ(exchange.error, TransportError::protocol)
        << testing::PrintToString(answer) << exchange.error_message;
    EXPECT_LT(exchange.elapsed_ms, 1000.0);
  }
}

TEST(ClientHttp, HeadResponseDoesNotWaitForABody) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    while (self.next_request(socket, buffer)) send_all(socket, kOk);  // Content-Length: 11, no body (HEAD)
  });
  auto client = client_for(server.port(), 1000ms);
  Request request = get("/a");
  request.method = "HEAD";
  for (int i = 0; i < 2; ++i) {
    auto exchange = client.send(request);
    EXPECT_TRUE(exchange.ok()) << exchange.error_message;
    EXPECT_EQ(exchange.status, 200);
    EXPECT_EQ(exchange.response_body, "");
    EXPECT_EQ(header(exchange, "Content-Length"), "11");
    EXPECT_LT(exchange.elapsed_ms, 500.0);
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(ClientHttp, AfterAnErrorTheNextRequestUsesANewConnection) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    if (self.connections() == 1) return reset(socket);
    answer_all(socket, self);
  });
  auto client = client_for(server.port());
  EXPECT_FALSE(client.send(get("/a")).ok());
  auto second = client.send(get("/a"));
  EXPECT_TRUE(second.ok()) << second.transcript();
  EXPECT_EQ(second.response_body, kOkBody);
  EXPECT_EQ(server.connections(), 2);
}

TEST(ClientHttp, TranscriptShowsRequestResponseAndError) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer& self) {
    std::string buffer;
    if (!self.next_request(socket, buffer)) return;
    send_all(socket, kOk + kOkBody);
    if (!self.next_request(socket, buffer)) return;
    send_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    socket.shutdown(tcp::socket::shutdown_send);
    wait_closed(socket, 1000ms);
  });
  auto client = client_for(server.port());
  // The transcript shows the target, not the URL, and no Host header: reports must not change with the port.
  const std::string url = "/v1/p1/jobs/abc";
  auto good = client.send(get("/v1/p1/jobs/abc")).transcript();
  EXPECT_EQ(good.rfind("> GET " + url + "\n", 0), 0u) << good;
  EXPECT_EQ(good.find(std::to_string(server.port())), std::string::npos) << good;
  EXPECT_NE(good.find("\n< 200 ("), std::string::npos) << good;
  EXPECT_NE(good.find("\n< X-Trace: t-1\n"), std::string::npos) << good;
  EXPECT_NE(good.find("\n" + kOkBody + "\n"), std::string::npos) << good;
  EXPECT_EQ(good.find("\n! "), std::string::npos) << good;
  auto bad = client.send(get("/v1/p1/jobs/abc")).transcript();
  EXPECT_EQ(bad.rfind("> GET " + url + "\n", 0), 0u) << bad;
  EXPECT_NE(bad.find("\n! truncated: read: "), std::string::npos) << bad;
  EXPECT_NE(bad.find("\n< 200 ("), std::string::npos) << bad;
  EXPECT_NE(bad.find("\n0123456789\n"), std::string::npos) << bad;
  EXPECT_LT(bad.find("\n! truncated"), bad.find("\n< 200 (")) << bad;
}

TEST(ClientHttp, EarlyAnswerToALargeUploadIsReadDespiteTheReset) {
  ScriptedServer server([](tcp::socket& socket, ScriptedServer&) {
    std::string buffer;
    for (auto deadline = Clock::now() + 2s;
         buffer.find("\r\n\r\n") == std::string::npos && Clock::now() < deadline;)
      if (read_some_for(socket, buffer, 100ms).ec && !buffer.empty()) break;
    send_all(socket, "HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
    socket.close();  // megabytes of the body are still unread: the kernel answers them with RST
  });
  auto client = client_for(server.port());
  Request request = get("/upload");
  request.method = "PUT";
  request.body.assign(16 << 20, 'x');
  auto exchange = client.send(request);
  EXPECT_EQ(exchange.status, 413) << exchange.transcript(64);
  EXPECT_TRUE(exchange.ok()) << exchange.error_message;
  EXPECT_EQ(exchange.response_body, "{}");
}
