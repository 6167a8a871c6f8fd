// The recording proxy when the target fails below HTTP, and over TLS: a reset upstream resets the client's
// connection, a close closes it, a body cut short is cut short for the client too, a refused target is a 502
// naming it; each is recorded as status 0 with the client's failure word. Over TLS (a CA and a certificate
// made here with the openssl command) the proxy checks the target's certificate against --ca-file, and
// refuses it without one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/capture/record_proxy.hpp"
#include "harness/client/http_client.hpp"
#include "harness/fake/server.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness;
using namespace test_net;
using capture::RecordOptions;
using capture::RecordProxy;
namespace fs = std::filesystem;

namespace {

RecordOptions in_front_of(unsigned short port) {
  RecordOptions options;
  options.target = {"http", "127.0.0.1", port};
  options.client.read_timeout = 1000ms;
  options.idle_timeout = 3000ms;
  return options;
}

// Sends one request (asking to close after it) through the proxy and reads until the proxy ends the
// connection: every byte, how the stream ended, and the answer when a whole one came.
struct Outcome {
  std::optional<Message> response;
  std::string received;
  boost::system::error_code ended;
};

Outcome through(RecordProxy& proxy, const std::string& target = "/v1/p1/x") {
  asio::io_context ioc;
  auto socket = connect_to(ioc, proxy.port());
  send_all(socket, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  Outcome outcome;
  const auto deadline = Clock::now() + 3s;
  while (Clock::now() < deadline && !outcome.ended)
    outcome.ended = read_some_for(socket, outcome.received, 3000ms).ec;
  const auto end = outcome.received.find("\r\n\r\n");
  if (end == std::string::npos) return outcome;
  Message message;
  message.head = outcome.received.substr(0, end);
  message.start_line = message.head.substr(0, message.head.find("\r\n"));
  message.status = std::atoi(message.start_line.c_str() + 9);
  message.body = outcome.received.substr(end + 4);
  if (message.header("Content-Length") == std::to_string(message.body.size())) outcome.response = message;
  return outcome;
}

capture::CapturedExchange only(const capture::Capture& recorded) {
  if (recorded.exchanges.size() != 1)
    throw std::runtime_error(std::to_string(recorded.exchanges.size()) + " exchanges recorded, not 1");
  return recorded.exchanges.front();
}

}  // namespace

TEST(RecordFailures, AResetUpstreamResetsTheClient) {
  ScriptedServer upstream([](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    if (server.next_request(socket, buffer)) reset(socket);
  });
  RecordProxy proxy(in_front_of(upstream.port()));
  const auto outcome = through(proxy);
  EXPECT_FALSE(outcome.response);
  EXPECT_EQ(outcome.ended, asio::error::connection_reset)
      << outcome.ended.message() << ": " << outcome.received;
  const auto exchange = only(proxy.capture());
  EXPECT_EQ(exchange.status, 0);
  EXPECT_EQ(exchange.failure, "reset");
  EXPECT_FALSE(exchange.response_body);
}

TEST(RecordFailures, AClosedUpstreamClosesTheClient) {
  ScriptedServer upstream([](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    if (server.next_request(socket, buffer)) socket.close();
  });
  RecordProxy proxy(in_front_of(upstream.port()));
  const auto outcome = through(proxy);
  EXPECT_FALSE(outcome.response);
  EXPECT_EQ(outcome.ended, asio::error::eof) << outcome.ended.message();
  EXPECT_TRUE(outcome.received.empty()) << outcome.received;
  EXPECT_EQ(only(proxy.capture()).failure, "closed");
}

TEST(RecordFailures, ASlowUpstreamIsATimeoutAndAClose) {
  ScriptedServer upstream([](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    if (server.next_request(socket, buffer)) server.hang(2000ms);
  });
  RecordProxy proxy(in_front_of(upstream.port()));  // read_timeout 1 s
  const auto outcome = through(proxy);
  EXPECT_FALSE(outcome.response);
  EXPECT_EQ(outcome.ended, asio::error::eof) << outcome.ended.message();
  EXPECT_EQ(only(proxy.capture()).failure, "timeout");
}

TEST(RecordFailures, ABodyCutShortIsCutShortForTheClient) {
  ScriptedServer upstream([](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    if (!server.next_request(socket, buffer)) return;
    send_all(socket,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"status\":");
    socket.close();
  });
  RecordProxy proxy(in_front_of(upstream.port()));
  const auto outcome = through(proxy);
  EXPECT_FALSE(outcome.response) << "the client read a whole answer";
  EXPECT_NE(outcome.received.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << outcome.received;
  EXPECT_NE(outcome.received.find("Content-Length: 20\r\n"), std::string::npos) << outcome.received;
  EXPECT_NE(outcome.received.find("\r\n\r\n{\"status\":"), std::string::npos) << outcome.received;
  EXPECT_EQ(only(proxy.capture()).failure, "truncated");
}

TEST(RecordFailures, ARefusedTargetIsA502NamingIt) {
  unsigned short closed_port;
  {
    ScriptedServer gone([](tcp::socket&, ScriptedServer&) {});
    closed_port = gone.port();
  }
  RecordProxy proxy(in_front_of(closed_port));
  const auto outcome = through(proxy);
  ASSERT_TRUE(outcome.response) << outcome.received;
  EXPECT_EQ(outcome.response->status, 502);
  EXPECT_NE(outcome.response->body.find("127.0.0.1:" + std::to_string(closed_port)), std::string::npos)
      << outcome.response->body;
  EXPECT_NE(outcome.response->body.find("refused"), std::string::npos) << outcome.response->body;
  const auto exchange = only(proxy.capture());
  EXPECT_EQ(exchange.status, 0);
  EXPECT_EQ(exchange.failure, "refused");
}

TEST(RecordFailures, AHeadGetsTheTargetsLengthWithoutABody) {
  ScriptedServer upstream([](tcp::socket& socket, ScriptedServer& server) {
    std::string buffer;
    while (server.next_request(socket, buffer, 1000ms))
      send_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n");
  });
  RecordProxy proxy(in_front_of(upstream.port()));
  asio::io_context ioc;
  auto socket = connect_to(ioc, proxy.port());
  send_all(socket, "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string received;
  while (received.find("\r\n\r\n") == std::string::npos)
    if (read_some_for(socket, received, 2000ms).ec) break;
  EXPECT_NE(received.find("Content-Length: 42\r\n"), std::string::npos) << received;
  EXPECT_EQ(received.substr(received.find("\r\n\r\n") + 4), "") << "a body followed the HEAD's head";
}

class RecordOverTls : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("record-tls-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const std::string d = dir_->string();
    const std::string script =
        "cd '" + d +
        "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
        "-subj '/CN=record test CA' -keyout ca.key -out ca.pem && openssl req -newkey ec -pkeyopt "
        "ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -keyout server.key -out server.csr && printf "
        "'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=critical,CA:FALSE\\n"
        "extendedKeyUsage=serverAuth\\n' >ext.cnf && openssl x509 -req -in server.csr -CA ca.pem -CAkey "
        "ca.key "
        "-CAcreateserial -days 1 -extfile ext.cnf -out server.pem";
    made_ = std::system(("(" + script + ") >'" + d + "/openssl.txt' 2>&1").c_str()) == 0;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(made_) << "openssl could not make the test certificates (scripts/setup.sh)";
  }

  static fs::path* dir_;
  static bool made_;
};
fs::path* RecordOverTls::dir_ = nullptr;
bool RecordOverTls::made_ = false;

TEST_F(RecordOverTls, ForwardsToAFakeServedOverTlsCheckingItsCertificate) {
  fake::SharedWorld world;
  fake::ServerOptions tls;
  tls.tls_cert_file = (*dir_ / "server.pem").string();
  tls.tls_key_file = (*dir_ / "server.key").string();
  fake::FakeServer server(world, tls);
  RecordOptions options = in_front_of(server.port());
  options.target.scheme = "https";
  options.client.ca_file = (*dir_ / "ca.pem").string();
  RecordProxy proxy(options);
  const auto outcome = through(proxy, "/v1/p1/jobs/nope");
  ASSERT_TRUE(outcome.response) << outcome.received;
  EXPECT_EQ(outcome.response->status, 404);  // the fake's own answer, through TLS
  EXPECT_NE(outcome.response->body.find("HARNESS.0404"), std::string::npos) << outcome.response->body;
  const auto recorded = proxy.capture();
  EXPECT_EQ(recorded.origin, "https://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(only(recorded).status, 404);
}

TEST_F(RecordOverTls, AnUntrustedCertificateIsATlsFailure) {
  fake::SharedWorld world;
  fake::ServerOptions tls;
  tls.tls_cert_file = (*dir_ / "server.pem").string();
  tls.tls_key_file = (*dir_ / "server.key").string();
  fake::FakeServer server(world, tls);
  RecordOptions options = in_front_of(server.port());
  options.target.scheme = "https";  // no CA file: the system store does not know the test's CA
  RecordProxy proxy(options);
  const auto outcome = through(proxy);
  ASSERT_TRUE(outcome.response) << outcome.received;
  EXPECT_EQ(outcome.response->status, 502);
  EXPECT_NE(outcome.response->body.find("certificate"), std::string::npos) << outcome.response->body;
  EXPECT_EQ(only(proxy.capture()).failure, "tls");
}
