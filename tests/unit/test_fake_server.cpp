// The fake server over a real loopback socket: keep-alive, close, malformed input, limits, timeouts, stop,
// load.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/fake/server.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::fake;
using namespace test_net;
using Json = nlohmann::json;

namespace {

std::string add_job(SharedWorld& world, std::vector<std::string> timeline) {
  JobSpec spec;
  spec.project_id = "p1";
  spec.job_type = "createProtectionGroupNoCG";
  spec.timeline = std::move(timeline);
  return world.with([&](World& w) { return w.add_job(spec); });
}

std::string get(const std::string& id, const std::string& extra_headers = "") {
  return "GET /v1/p1/jobs/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

ServerOptions short_timeouts(std::chrono::milliseconds idle_timeout = 2000ms) {
  ServerOptions options;
  options.idle_timeout = idle_timeout;
  options.read_timeout = 2000ms;
  options.write_timeout = 2000ms;
  return options;
}

// The server answers 400 with the nested JSON error body and closes.
void expect_400_and_close(unsigned short port, const std::string& request) {
  asio::io_context ioc;
  auto socket = connect_to(ioc, port);
  send_all(socket, request);
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer to " << testing::PrintToString(request);
  EXPECT_EQ(response->status, 400) << response->head;
  EXPECT_EQ(response->header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(response->header("Connection").value_or(""), "close");
  auto body = Json::parse(response->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response->body;
  EXPECT_EQ(body["error"]["code"], "HARNESS.0400");
  EXPECT_TRUE(body["error"]["message"].is_string());
  boost::system::error_code how;
  EXPECT_TRUE(wait_closed(socket, 1000ms, &how)) << "the connection stayed open";
  EXPECT_EQ(how, asio::error::eof) << how.message();
}

}  // namespace

TEST(FakeServer, KeepAliveAnswersTwiceOnOneConnection) {
  SharedWorld world;
  auto id = add_job(world, {"INIT", "RUNNING"});
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  std::string buffer;
  for (const char* want : {"INIT", "RUNNING"}) {
    send_all(socket, get(id));
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "no answer on the kept-alive connection";
    EXPECT_EQ(response->start_line, "HTTP/1.1 200 OK");
    EXPECT_EQ(response->header("Content-Type").value_or(""), "application/json");
    EXPECT_EQ(response->header("Content-Length").value_or(""), std::to_string(response->body.size()));
    EXPECT_EQ(response->header("Connection"), std::nullopt);
    auto body = Json::parse(response->body);
    EXPECT_EQ(body["status"], want);
    EXPECT_EQ(body["job_id"], id);
  }
  EXPECT_TRUE(buffer.empty());
  EXPECT_FALSE(wait_closed(socket, 50ms)) << "the server closed a kept-alive connection";
}

TEST(FakeServer, AHeadRequestGetsTheHeadWithoutTheBody) {
  SharedWorld world;
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  // A HEAD and a GET pipelined: the GET's answer must follow the HEAD's head directly.
  send_all(socket,
           "HEAD /v1/p/nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/p/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto end_of_head = received.find("\r\n\r\n");
    if (end_of_head != std::string::npos && received.find("\r\n\r\n", end_of_head + 4) != std::string::npos)
      break;
    if (read_some_for(socket, received, 500ms).ec) break;
  }
  const auto end_of_head = received.find("\r\n\r\n");
  ASSERT_NE(end_of_head, std::string::npos) << received;
  EXPECT_EQ(received.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << received;
  EXPECT_NE(received.find("Content-Length: "), std::string::npos) << received;
  EXPECT_EQ(received.compare(end_of_head + 4, 9, "HTTP/1.1 "), 0)
      << "a body followed the HEAD's head: " << received;
}

TEST(FakeServer, PipelinedRequestsAreAnsweredInOrder) {
  SharedWorld world;
  auto id = add_job(world, {"INIT", "RUNNING", "SUCCESS"});
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, get(id) + get(id) + get(id));
  std::string buffer;
  for (const char* want : {"INIT", "RUNNING", "SUCCESS"}) {
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response);
    EXPECT_EQ(Json::parse(response->body)["status"], want);
  }
}

TEST(FakeServer, ConnectionCloseClosesAfterTheAnswer) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, get(id, "Connection: close\r\n"));
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Connection").value_or(""), "close");
  boost::system::error_code how;
  EXPECT_TRUE(wait_closed(socket, 1000ms, &how));
  EXPECT_EQ(how, asio::error::eof) << how.message();
}

TEST(FakeServer, MalformedRequestsGet400AndTheServerGoesOn) {
  SharedWorld world;
  auto id = add_job(world, {"INIT", "RUNNING"});
  FakeServer server(world, short_timeouts());
  expect_400_and_close(server.port(), "GARBAGE\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.x\r\nHost: a\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x FTP/1.1\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
  // Garbage after a good request on the same connection: the good one is answered, then the 400.
  {
    asio::io_context ioc;
    auto socket = connect_to(ioc, server.port());
    send_all(socket, get(id) + "\x01\x02\x03 nonsense\r\n\r\n");
    std::string buffer;
    auto first = read_message(socket, buffer);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 200);
    auto second = read_message(socket, buffer);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, 400);
    EXPECT_TRUE(wait_closed(socket, 1000ms));
  }
  // The server still serves the next connection, and the malformed requests did not touch the job.
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, get(id));
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Json::parse(response->body)["status"], "RUNNING");
}

TEST(FakeServer, BodyOverTheLimitGets413) {
  SharedWorld world;
  auto options = short_timeouts();
  options.body_limit = 1024;
  FakeServer server(world, options);
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  const std::string body(8 << 20, 'x');
  send_all(socket,
           "POST /v1/p1/jobs HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the 413 was lost";
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(Json::parse(response->body)["error"]["code"], "HARNESS.0413");
  EXPECT_TRUE(wait_closed(socket, 2000ms));
}

TEST(FakeServer, BodyWithinTheLimitIsRouted) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  auto options = short_timeouts();
  options.body_limit = 1024;
  FakeServer server(world, options);
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  const std::string body(1024, 'x');
  send_all(socket, "POST /v1/p1/jobs/" + id + " HTTP/1.1\r\nHost: a\r\nContent-Length: 1024\r\n\r\n" + body);
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->header("Allow").value_or(""), "GET");
  EXPECT_FALSE(wait_closed(socket, 50ms)) << "a 405 need not close the connection";
}

TEST(FakeServer, HugeHeadersGet431) {
  SharedWorld world;
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(32 * 1024, 'y') + "\r\n\r\n");
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(wait_closed(socket, 2000ms));
}

TEST(FakeServer, IdleConnectionsCloseQuietlyAfterTheIdleTimeout) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  FakeServer server(world, short_timeouts(200ms));
  asio::io_context ioc;
  auto silent = connect_to(ioc, server.port());  // never sends a byte
  auto used = connect_to(ioc, server.port());    // idle after one answer
  send_all(used, get(id));
  std::string buffer;
  ASSERT_TRUE(read_message(used, buffer));
  const auto start = Clock::now();
  boost::system::error_code how;
  EXPECT_TRUE(wait_closed(silent, 2000ms, &how));
  EXPECT_EQ(how, asio::error::eof) << how.message();
  std::string said;
  EXPECT_TRUE(wait_closed(used, 2000ms, &how, &said));
  EXPECT_EQ(how, asio::error::eof) << how.message();
  EXPECT_EQ(said, "") << "an idle connection is closed without an answer";
  EXPECT_GT(ms_since(start), 100);
  EXPECT_LT(ms_since(start), 1000);
}

TEST(FakeServer, StopWithOpenIdleConnectionsIsPromptAndThePortRefuses) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  FakeServer server(world, short_timeouts(30000ms));
  const auto port = server.port();
  asio::io_context ioc;
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 5; ++i) idle.push_back(connect_to(ioc, port));
  std::string buffer;
  send_all(idle[0], get(id));
  ASSERT_TRUE(read_message(idle[0], buffer));
  send_all(idle[1], "GET /v1/p1/jobs/" + id + " HTTP/1.1\r\nHo");  // half a request
  std::this_thread::sleep_for(50ms);                               // let the server accept them all
  const auto start = Clock::now();
  server.stop();
  EXPECT_LT(ms_since(start), 2000);
  for (auto& socket : idle) EXPECT_TRUE(wait_closed(socket, 1000ms));
  boost::system::error_code ec;
  tcp::socket late(ioc);
  late.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  EXPECT_EQ(ec, asio::error::connection_refused) << ec.message();
  server.stop();  // idempotent
}

TEST(FakeServer, BindingAnAddressInUseThrowsNamingHostAndPort) {
  SharedWorld world;
  FakeServer first(world, short_timeouts());
  ServerOptions options = short_timeouts();
  options.port = first.port();
  try {
    FakeServer second(world, options);
    FAIL() << "a second server bound port " << first.port();
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("127.0.0.1:" + std::to_string(first.port())), std::string::npos) << message;
  }
  options.host = "not-an-address";
  options.port = 0;
  EXPECT_THROW(FakeServer(world, options), std::runtime_error);
}

TEST(FakeServer, ManyConcurrentConnectionsAllGetTheirAnswers) {
  constexpr int kClients = 50, kRequests = 20;
  SharedWorld world;
  std::vector<std::string> timeline(kRequests, "RUNNING");
  timeline.front() = "INIT";
  timeline.back() = "SUCCESS";
  std::vector<std::string> ids;
  for (int i = 0; i < kClients; ++i) ids.push_back(add_job(world, timeline));
  FakeServer server(world, short_timeouts(5000ms));
  std::vector<int> good(kClients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      asio::io_context ioc;
      boost::system::error_code ec;
      tcp::socket socket(ioc);
      socket.connect({asio::ip::make_address("127.0.0.1"), server.port()}, ec);
      if (ec) return;
      std::string buffer;
      for (int r = 0; r < kRequests; ++r) {
        send_all(socket, get(ids[c]));
        auto response = read_message(socket, buffer, 5000ms);
        if (!response || response->status != 200) return;
        auto body = Json::parse(response->body, nullptr, false);
        if (body.is_discarded() || body["job_id"] != ids[c] || body["status"] != timeline[r]) return;
        ++good[c];
      }
    });
  for (auto& thread : clients) thread.join();
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(good[c], kRequests) << "client " << c;
  for (const auto& id : ids)
    EXPECT_EQ(world.with([&](World& w) { return w.find_job("p1", id)->polls; }), kRequests);
}

// The crash this guards against: a target byte that is not UTF-8 threw on the server thread and ended the
// process (rc 134), whatever the route.
TEST(FakeServer, ATargetThatIsNotUtf8IsAnsweredAndTheServerGoesOn) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  std::string buffer;
  for (const char* target : {"/v1/p/jobs/\xff", "/v3/p/failed-tasks/\xfe\xff", "/\xc0\xaf?q=\xff"}) {
    send_all(socket, "GET " + std::string(target) + " HTTP/1.1\r\nHost: a\r\nX-Bad: \xff\r\n\r\n");
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "no answer to " << testing::PrintToString(target);
    EXPECT_TRUE(response->status == 404 || response->status == 401) << response->head;
    EXPECT_FALSE(Json::parse(response->body, nullptr, false).is_discarded()) << response->body;
  }
  send_all(socket, get(id));
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the server stopped serving";
  EXPECT_EQ(response->status, 200);
}

TEST(FakeServer, AHandlerThatThrowsGets500AndTheServerGoesOn) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  auto options = short_timeouts();
  options.front_desk = [](const Request& request) -> std::optional<Response> {
    if (request.path() == "/boom") throw std::runtime_error("the front desk broke");
    return std::nullopt;
  };
  FakeServer server(world, options);
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  std::string buffer;
  send_all(socket, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n" + get(id));
  auto failed = read_message(socket, buffer);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(Json::parse(failed->body)["error"]["code"], "HARNESS.0500");
  auto next = read_message(socket, buffer);
  ASSERT_TRUE(next) << "the connection did not go on after the 500";
  EXPECT_EQ(next->status, 200);
}

TEST(FakeServer, HostAndTransferEncodingAsRfc9112Says) {
  SharedWorld world;
  FakeServer server(world, short_timeouts());
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.1\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  expect_400_and_close(server.port(), "GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a b\r\n\r\n");
  expect_400_and_close(server.port(),
                       "POST /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n");
  expect_400_and_close(
      server.port(),
      "POST /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n");
}

TEST(FakeServer, AnAbsoluteFormTargetIsServed) {
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  FakeServer server(world, short_timeouts());
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, "GET http://127.0.0.1:" + std::to_string(server.port()) + "/v1/p1/jobs/" + id +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
}

// Many connections that trickle a header one byte at a time are all answered 408 and closed at the header
// deadline; before it, they were held until the read timeout, as long as they kept trickling.
TEST(FakeServer, HeadersThatTrickleGet408AtTheHeaderDeadline) {
  constexpr int kTricklers = 40;
  SharedWorld world;
  auto id = add_job(world, {"INIT"});
  auto options = short_timeouts(5000ms);
  options.header_timeout = 300ms;
  options.read_timeout = 30000ms;
  FakeServer server(world, options);
  asio::io_context ioc;
  std::vector<tcp::socket> tricklers;
  for (int i = 0; i < kTricklers; ++i) tricklers.push_back(connect_to(ioc, server.port()));
  const std::string request = get(id);
  const auto start = Clock::now();
  std::vector<std::string> received(kTricklers);
  std::vector<bool> closed(kTricklers, false);
  auto all_closed = [&] { return std::find(closed.begin(), closed.end(), false) == closed.end(); };
  for (std::size_t sent = 0; sent < request.size() - 1 && !all_closed() && ms_since(start) < 1500; ++sent) {
    for (int i = 0; i < kTricklers; ++i)
      if (!closed[i]) send_all(tricklers[i], request.substr(sent, 1));
    std::this_thread::sleep_for(25ms);
    for (int i = 0; i < kTricklers; ++i)
      if (!closed[i] && wait_readable(tricklers[i].native_handle(), 0ms))
        closed[i] = wait_closed(tricklers[i], 500ms, nullptr, &received[i]);
  }
  const double elapsed = ms_since(start);
  for (int i = 0; i < kTricklers; ++i) {
    if (!closed[i]) closed[i] = wait_closed(tricklers[i], 1000ms, nullptr, &received[i]);
    EXPECT_TRUE(closed[i]) << "trickler " << i << " is still held after " << ms_since(start) << " ms";
    EXPECT_EQ(received[i].rfind("HTTP/1.1 408 ", 0), 0u) << received[i];
    EXPECT_NE(received[i].find("HARNESS.0408"), std::string::npos) << received[i];
  }
  EXPECT_LT(elapsed, 1500) << "the tricklers were not cut at the 300 ms deadline";
  // A healthy request on a fresh connection is served meanwhile and after.
  auto socket = connect_to(ioc, server.port());
  send_all(socket, request);
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// The header deadline counts from the request's first byte: waiting between requests is the idle timeout's.
TEST(FakeServer, TheHeaderDeadlineStartsAtTheFirstByte) {
  SharedWorld world;
  auto id = add_job(world, {"INIT", "RUNNING"});
  auto options = short_timeouts(3000ms);
  options.header_timeout = 200ms;
  FakeServer server(world, options);
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  std::string buffer;
  for (const char* want : {"INIT", "RUNNING"}) {
    std::this_thread::sleep_for(500ms);  // idle, longer than the header deadline
    send_all(socket, get(id));
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "no answer after an idle wait";
    EXPECT_EQ(response->status, 200) << response->body;
    EXPECT_EQ(Json::parse(response->body)["status"], want);
  }
}
