// The recording proxy over real sockets, in front of the project's fake server and of scripted servers: bytes
// pass through unchanged (status, headers, a non-UTF-8 body), hop-by-hop headers are dropped, Host is the
// target's, keep-alive on both sides, two connections served at once, --requests N stops, a signal stops,
// and the capture is in the order the requests started. Failures upstream: test_capture_record_failures.cpp.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "harness/capture/record_proxy.hpp"
#include "harness/client/http_client.hpp"
#include "harness/fake/server.hpp"
#include "harness/net/interrupt.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness;
using namespace test_net;
using capture::RecordOptions;
using capture::RecordProxy;
using Json = nlohmann::json;

namespace {

RecordOptions in_front_of(unsigned short port, std::size_t max_requests = 0) {
  RecordOptions options;
  options.target = {"http", "127.0.0.1", port};
  options.client.read_timeout = 3000ms;
  options.max_requests = max_requests;
  options.idle_timeout = 3000ms;
  return options;
}

std::string add_job(fake::SharedWorld& world, std::vector<std::string> timeline) {
  fake::JobSpec spec;
  spec.project_id = "p1";
  spec.job_type = "createProtectionGroupNoCG";
  spec.timeline = std::move(timeline);
  return world.with([&](fake::World& w) { return w.add_job(spec); });
}

std::optional<std::string> header(const capture::HeaderList& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return std::nullopt;
}

client::Exchange get(client::HttpClient& http, const std::string& target) {
  client::Request request;
  request.target = target;
  return http.send(request);
}

// A body that is not UTF-8, with a NUL and CR LF inside: only a byte-exact proxy passes it.
const std::string kBinary = std::string("\xff\xfe\x00\x01\r\n\x80 end", 11);

// Answers each request with fixed bytes: a chunked non-UTF-8 body, two Set-Cookie, a hop-by-hop header.
void answer_binary(tcp::socket& socket, ScriptedServer& server, std::vector<Message>* seen,
                   std::mutex* lock) {
  std::string buffer;
  while (auto request = server.next_request(socket, buffer, 3000ms)) {
    {
      std::lock_guard guard(*lock);
      seen->push_back(*request);
    }
    send_all(socket,
             "HTTP/1.1 201 Created\r\nContent-Type: application/octet-stream\r\nSet-Cookie: a=1\r\n"
             "Set-Cookie: b=2\r\nKeep-Alive: timeout=5\r\nX-Odd-Case: Value  with  spaces\r\n"
             "Transfer-Encoding: chunked\r\n\r\n5\r\n" +
                 kBinary.substr(0, 5) + "\r\n6\r\n" + kBinary.substr(5) + "\r\n0\r\n\r\n");
  }
}

}  // namespace

TEST(RecordProxy, PassesTheTargetsAnswerThroughByteForByte) {
  std::vector<Message> seen;
  std::mutex lock;
  ScriptedServer upstream(
      [&](tcp::socket& s, ScriptedServer& server) { answer_binary(s, server, &seen, &lock); });
  RecordProxy proxy(in_front_of(upstream.port()));
  asio::io_context ioc;
  auto socket = connect_to(ioc, proxy.port());
  send_all(socket,
           "POST /v1/p1/things?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: keep-alive, X-Hop\r\n"
           "X-Hop: gone\r\nX-Auth-Token: t0ken\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"
           "{\"a\":1}");
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer through the proxy";
  EXPECT_EQ(response->start_line, "HTTP/1.1 201 Created");
  EXPECT_EQ(response->body, kBinary);
  EXPECT_EQ(response->header("Content-Length"), std::to_string(kBinary.size()));
  EXPECT_EQ(response->header("Transfer-Encoding"), std::nullopt) << response->head;
  EXPECT_EQ(response->header("Keep-Alive"), std::nullopt) << response->head;
  EXPECT_EQ(response->header("X-Odd-Case"), "Value  with  spaces");
  EXPECT_NE(response->head.find("Set-Cookie: a=1\r\nSet-Cookie: b=2"), std::string::npos) << response->head;

  std::unique_lock guard(lock);  // the scripted server's thread wrote it
  ASSERT_EQ(seen.size(), 1u);
  const Message forwarded = seen.front();
  guard.unlock();
  EXPECT_EQ(forwarded.start_line, "POST /v1/p1/things?x=1 HTTP/1.1");
  EXPECT_EQ(forwarded.header("Host"), "127.0.0.1:" + std::to_string(upstream.port()));
  EXPECT_EQ(forwarded.header("X-Hop"), std::nullopt) << "a header Connection names is hop-by-hop";
  EXPECT_EQ(forwarded.header("X-Auth-Token"), "t0ken");
  EXPECT_EQ(forwarded.body, "{\"a\":1}");

  const auto recorded = proxy.capture();
  ASSERT_EQ(recorded.exchanges.size(), 1u);
  const auto& exchange = recorded.exchanges.front();
  EXPECT_EQ(recorded.origin, "http://127.0.0.1:" + std::to_string(upstream.port()));
  EXPECT_EQ(exchange.method, "POST");
  EXPECT_EQ(exchange.target, "/v1/p1/things?x=1");
  EXPECT_EQ(exchange.request_body, "{\"a\":1}");
  EXPECT_EQ(header(exchange.request_headers, "X-Auth-Token"), "t0ken") << "the capture is raw; files redact";
  EXPECT_EQ(exchange.status, 201);
  EXPECT_EQ(exchange.response_body, kBinary);
  EXPECT_EQ(header(exchange.response_headers, "Content-Length"), std::to_string(kBinary.size()));
  EXPECT_EQ(header(exchange.response_headers, "Transfer-Encoding"), std::nullopt);
  EXPECT_TRUE(exchange.failure.empty());
  EXPECT_EQ(exchange.started_ms, 0);
  EXPECT_GT(exchange.duration_ms, 0);
}

TEST(RecordProxy, KeepsBothSidesAliveAcrossRequests) {
  std::vector<Message> seen;
  std::mutex lock;
  ScriptedServer upstream(
      [&](tcp::socket& s, ScriptedServer& server) { answer_binary(s, server, &seen, &lock); });
  RecordProxy proxy(in_front_of(upstream.port()));
  asio::io_context ioc;
  auto socket = connect_to(ioc, proxy.port());
  std::string buffer;
  for (int i = 0; i < 3; ++i) {
    send_all(socket, "GET /v1/p1/n" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "request " << i << " got no answer on the kept-alive connection";
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->header("Connection"), std::nullopt);
  }
  EXPECT_FALSE(wait_closed(socket, 50ms)) << "the proxy closed a kept-alive connection";
  EXPECT_EQ(upstream.connections(), 1) << "each request opened a connection to the target";
  const auto recorded = proxy.capture();
  ASSERT_EQ(recorded.exchanges.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(recorded.exchanges[i].target, "/v1/p1/n" + std::to_string(i));
  EXPECT_LT(recorded.exchanges[0].started_ms, recorded.exchanges[1].started_ms);
}

TEST(RecordProxy, ServesTwoConnectionsAtOnce) {
  // Each upstream connection answers only once both requests have arrived (or after 3 s): a proxy that
  // forwarded one at a time would make the first answer "1".
  std::atomic<int> arrived{0};
  std::mutex handlers_lock;
  std::vector<std::thread> handlers;
  ScriptedServer upstream([&](tcp::socket& s, ScriptedServer& server) {
    std::lock_guard guard(handlers_lock);
    handlers.emplace_back([&arrived, &server, socket = std::move(s)]() mutable {
      std::string buffer;
      if (!server.next_request(socket, buffer, 3000ms)) return;
      ++arrived;
      const auto deadline = Clock::now() + 3s;
      while (arrived < 2 && Clock::now() < deadline) std::this_thread::sleep_for(2ms);
      const std::string body = std::to_string(arrived.load());
      send_all(socket,
               "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
      server.hang(500ms);
    });
  });
  RecordProxy proxy(in_front_of(upstream.port()));
  std::string bodies[2];
  std::thread clients[2];
  for (int i = 0; i < 2; ++i)
    clients[i] = std::thread([&, i] {
      client::HttpClient http({"http", "127.0.0.1", proxy.port()});
      bodies[i] = get(http, "/c" + std::to_string(i)).response_body;
    });
  for (auto& c : clients) c.join();
  proxy.stop();
  std::lock_guard guard(handlers_lock);
  for (auto& h : handlers) h.join();
  EXPECT_EQ(bodies[0], "2");
  EXPECT_EQ(bodies[1], "2");
  EXPECT_EQ(proxy.recorded(), 2u);
}

TEST(RecordProxy, RecordsAFakeJobsPollsInOrder) {
  fake::SharedWorld world;
  const auto id = add_job(world, {"INIT", "RUNNING", "SUCCESS"});
  fake::FakeServer server(world, {});
  RecordProxy proxy(in_front_of(server.port()));
  client::HttpClient http({"http", "127.0.0.1", proxy.port()});
  for (const char* want : {"INIT", "RUNNING", "SUCCESS"}) {
    auto answer = get(http, "/v1/p1/jobs/" + id);
    ASSERT_TRUE(answer.ok()) << answer.error_message;
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(Json::parse(answer.response_body)["status"], want);
  }
  const auto recorded = proxy.capture();
  ASSERT_EQ(recorded.exchanges.size(), 3u);
  const char* states[] = {"INIT", "RUNNING", "SUCCESS"};
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(recorded.exchanges[i].response_body);
    EXPECT_EQ(Json::parse(*recorded.exchanges[i].response_body)["status"], states[i]);
  }
}

TEST(RecordProxy, StopsAfterNExchangesAndForwardsNoMore) {
  fake::SharedWorld world;
  const auto id = add_job(world, {"INIT", "RUNNING", "SUCCESS"});
  fake::FakeServer server(world, {});
  RecordProxy proxy(in_front_of(server.port(), /*max_requests=*/2));
  std::thread waiter([&] { proxy.wait(); });
  client::HttpClient http({"http", "127.0.0.1", proxy.port()});
  EXPECT_EQ(get(http, "/v1/p1/jobs/" + id).status, 200);
  EXPECT_EQ(get(http, "/v1/p1/jobs/" + id).status, 200);
  waiter.join();  // returns once the second exchange ended (the test's timeout catches it if not)
  auto third = get(http, "/v1/p1/jobs/" + id);
  EXPECT_EQ(third.status, 0) << "a third request was answered after --requests 2";
  proxy.stop();
  EXPECT_EQ(proxy.capture().exchanges.size(), 2u);
  // The job was polled twice only: the third request never reached the target.
  client::HttpClient direct({"http", "127.0.0.1", server.port()});
  EXPECT_EQ(Json::parse(get(direct, "/v1/p1/jobs/" + id).response_body)["status"], "SUCCESS");
}

TEST(RecordProxy, ASignalEndsTheWaitAndIdleConnectionsClose) {
  fake::SharedWorld world;
  fake::FakeServer server(world, {});
  RecordProxy proxy(in_front_of(server.port()));
  asio::io_context ioc;
  auto idle = connect_to(ioc, proxy.port());
  std::thread waiter([&] { proxy.wait(); });
  std::this_thread::sleep_for(50ms);
  net::request_interrupt(SIGTERM);
  waiter.join();
  const auto started = Clock::now();
  proxy.stop();
  net::clear_interrupt();
  EXPECT_LT(ms_since(started), 1000) << "stop() waited for the idle connection's timeout";
  EXPECT_TRUE(wait_closed(idle, 1000ms)) << "the idle client connection stayed open";
  EXPECT_EQ(proxy.recorded(), 0u);
}

TEST(RecordProxy, AnUnusablePortOrCaFileIsAStartUpError) {
  RecordProxy first(in_front_of(1));
  RecordOptions same = in_front_of(1);
  same.port = first.port();
  EXPECT_THROW(RecordProxy{same}, std::runtime_error);
  RecordOptions tls = in_front_of(1);
  tls.target.scheme = "https";
  tls.client.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(RecordProxy{tls}, std::runtime_error);
}

TEST(RecordProxy, AMalformedOrOversizedRequestIsRefusedNotForwarded) {
  fake::SharedWorld world;
  fake::FakeServer server(world, {});
  RecordOptions options = in_front_of(server.port());
  options.body_limit = 16;
  RecordProxy proxy(options);
  for (const auto& [request, status] : std::vector<std::pair<std::string, int>>{
           {"GET /a HTTP/1.1\r\nHost x\r\n\r\n", 400},
           {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n12345678901234567", 413}}) {
    asio::io_context ioc;
    auto socket = connect_to(ioc, proxy.port());
    send_all(socket, request);
    std::string buffer;
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "no answer to " << request;
    EXPECT_EQ(response->status, status) << response->head << "\n" << response->body;
    EXPECT_NE(response->body.find("harness record: "), std::string::npos) << response->body;
    EXPECT_TRUE(wait_closed(socket, 1000ms)) << "the connection stayed open after " << status;
  }
  EXPECT_EQ(proxy.recorded(), 0u);
  EXPECT_TRUE(world.with([](fake::World& w) { return w.journal().entries().empty(); }))
      << "a refused request reached the target";
}

// A client behind a forward proxy sends absolute-form: the target gets the path, and the capture keeps it, as
// its target always holds (never scheme or host); a target that is neither a path nor a URL is refused.
TEST(RecordProxy, AnAbsoluteFormTargetIsForwardedAndRecordedAsItsPath) {
  fake::SharedWorld world;
  const auto id = add_job(world, {"SUCCESS"});
  fake::FakeServer server(world, {});
  RecordProxy proxy(in_front_of(server.port()));
  asio::io_context ioc;
  auto socket = connect_to(ioc, proxy.port());
  const std::string path = "/v1/p1/jobs/" + id + "?x=1";
  send_all(socket,
           "GET http://sdrs.example.com:8080" + path + " HTTP/1.1\r\nHost: sdrs.example.com:8080\r\n\r\n");
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  const auto recorded = proxy.capture();
  ASSERT_EQ(recorded.exchanges.size(), 1u);
  EXPECT_EQ(recorded.exchanges[0].target, path);
  const auto received =
      world.with([](fake::World& w) { return std::string(w.journal().entries()[0].target); });
  EXPECT_EQ(received, path);
}

TEST(RecordProxy, ATargetNeitherAPathNorAnUrlIsRefusedNotForwarded) {
  fake::SharedWorld world;
  fake::FakeServer server(world, {});
  RecordProxy proxy(in_front_of(server.port()));
  for (const std::string target : {"jobs", "example.com:443"}) {  // the second as CONNECT: no tunnels
    asio::io_context ioc;
    auto socket = connect_to(ioc, proxy.port());
    send_all(socket, (target == "jobs" ? "GET " : "CONNECT ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string buffer;
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400);
    EXPECT_NE(response->body.find("harness record: the request target \"" + target + "\""), std::string::npos)
        << response->body;
  }
  EXPECT_EQ(proxy.recorded(), 0u);
  EXPECT_TRUE(world.with([](fake::World& w) { return w.journal().entries().empty(); }));
}
