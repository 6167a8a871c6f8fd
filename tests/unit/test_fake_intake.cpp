// take_request without a socket: bytes as a client sends them, parsed by Beast's request_parser, in; the
// fake's answer out. The RFC 9112 checks (Host, Transfer-Encoding, target form), bytes that are not UTF-8,
// and the guard that turns an exception into a 500.
#include <gtest/gtest.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness/fake/intake.hpp"

using namespace harness::fake;
using Json = nlohmann::json;
namespace http = boost::beast::http;

namespace {

// Parses `wire` as the session does; the test fails when Beast itself refuses it.
WireRequest parse(const std::string& wire) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(wire), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  EXPECT_FALSE(ec) << ec.message() << " for " << testing::PrintToString(wire);
  return parser.release();
}

struct Intake : ::testing::Test {
  SharedWorld world;
  ServerOptions options;
  std::string job_id;

  void SetUp() override {
    JobSpec spec;
    spec.project_id = "p1";
    spec.job_type = "createProtectionGroupNoCG";
    spec.timeline = {"INIT", "RUNNING"};
    job_id = world.with([&](World& w) { return w.add_job(spec); });
  }
  Response take(const std::string& wire) {
    auto message = parse(wire);
    return take_request(world, options, message);
  }
  std::size_t journaled() {
    return world.with([](World& w) { return w.journal().entries().size(); });
  }
};

void expect_refused(const Response& response, const std::string& about) {
  EXPECT_EQ(response.status, 400) << about << ": " << response.body;
  EXPECT_TRUE(response.delivery.close_after) << about;
  auto body = Json::parse(response.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body["error"]["code"], "HARNESS.0400") << about;
}

TEST_F(Intake, AGoodRequestIsServedAndJournaled) {
  auto response = take("GET /v1/p1/jobs/" + job_id + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_FALSE(response.delivery.close_after);
  EXPECT_EQ(Json::parse(response.body)["status"], "INIT");
  EXPECT_EQ(journaled(), 1u);
}

TEST_F(Intake, HostMustBeThereOnceAndBeHostPort) {
  expect_refused(take("GET /v1/p1/jobs/x HTTP/1.1\r\n\r\n"), "no Host");
  expect_refused(take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "two Hosts");
  expect_refused(take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"), "the same Host twice");
  for (const char* bad : {"a b", "user@host", "host:port", "[::1", "a/b", "host:80:90"})
    expect_refused(take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: " + std::string(bad) + "\r\n\r\n"), bad);
  EXPECT_EQ(journaled(), 0u) << "a refused request reached the world";
  // HTTP/1.0 may go without; an empty Host is what RFC 9112 asks of a target without authority.
  EXPECT_EQ(take("GET /v1/p1/jobs/" + job_id + " HTTP/1.0\r\n\r\n").status, 200);
  EXPECT_EQ(take("GET /v1/p1/jobs/" + job_id + " HTTP/1.1\r\nHost:\r\n\r\n").status, 200);
  EXPECT_EQ(take("GET /v1/p1/jobs/" + job_id + " HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").status, 200);
  // A name that starts like an address is a name (Boost.URL 1.81 refuses it; RFC 3986 does not).
  EXPECT_EQ(take("GET /v1/p1/jobs/" + job_id + " HTTP/1.1\r\nHost: 127.0.0.1.evil.com:80\r\n\r\n").status,
            200);
  for (const char* bad : {"[::1].evil.com", "127.0.0.1:8080@evil.com", "localhost:8080.evil.com", "[::g]:80"})
    expect_refused(take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: " + std::string(bad) + "\r\n\r\n"), bad);
}

TEST_F(Intake, TransferEncodingMustBeChunkedAlone) {
  const std::string head = "POST /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\n";
  expect_refused(take(head + "Transfer-Encoding: gzip\r\n\r\n"), "gzip");
  expect_refused(take(head + "Transfer-Encoding: chunked, identity\r\n\r\n"), "chunked, identity");
  expect_refused(take(head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"), "gzip, chunked");
  expect_refused(take(head + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                 "two lines");
  // Chunked alone is read (whatever its case) and routed: this path takes only GET.
  EXPECT_EQ(take(head + "Transfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").status, 405);
}

TEST_F(Intake, AnAbsoluteFormTargetIsRoutedByItsPath) {
  auto response =
      take("GET http://127.0.0.1:8080/v1/p1/jobs/" + job_id + "?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(response.status, 200) << response.body;
  world.with(
      [&](World& w) { EXPECT_EQ(w.journal().entries().back().target, "/v1/p1/jobs/" + job_id + "?x=1"); });
  std::string authority;
  options.front_desk = [&](const Request& request) -> std::optional<Response> {
    authority = request.authority;
    return std::nullopt;
  };
  take("GET https://localhost:9/v1/p1/jobs/" + job_id + " HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(authority, "localhost:9");
  expect_refused(take("GET ftp://127.0.0.1/v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\n\r\n"), "ftp");
  expect_refused(take("GET v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\n\r\n"), "no slash");
  expect_refused(take("GET http://user@127.0.0.1/v1/ HTTP/1.1\r\nHost: a\r\n\r\n"), "userinfo");
}

// The reproduction of the crash: the path, a header and the query hold 0xFF. Answered, journaled as bytes.
TEST_F(Intake, BytesThatAreNotUtf8AreServedAndKept) {
  auto response = take("GET /v1/p/jobs/\xff?q=\xfe HTTP/1.1\r\nHost: a\r\nX-Name: \xc3\x28\r\n\r\n");
  EXPECT_EQ(response.status, 404);
  auto body = Json::parse(response.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << "the body is not JSON: " << response.body;
  EXPECT_NE(body["error"]["message"].get<std::string>().find("The job %FF does not exist"), std::string::npos)
      << response.body;
  world.with([](World& w) {
    const auto& entry = w.journal().entries().back();
    EXPECT_EQ(entry.target, "/v1/p/jobs/\xff?q=\xfe");
    EXPECT_EQ(entry.headers.list().back(), (std::pair<std::string, std::string>{"X-Name", "\xc3\x28"}));
  });
  auto kps = take("GET /v3/p/nothing/\xff HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(kps.status, 404);
  EXPECT_NE(kps.body.find("/v3/p/nothing/%FF"), std::string::npos) << kps.body;
}

TEST_F(Intake, AnExceptionBecomesA500WithTheServicesErrorBody) {
  options.front_desk = [](const Request&) -> std::optional<Response> {
    throw std::runtime_error("boom \xff");
  };
  auto nested = take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(nested.status, 500);
  auto body = Json::parse(nested.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << nested.body;
  EXPECT_EQ(body["error"]["code"], "HARNESS.0500");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("boom %FF"), std::string::npos) << nested.body;
  auto flat = Json::parse(take("GET /v3/p1/failed-tasks HTTP/1.1\r\nHost: a\r\n\r\n").body, nullptr, false);
  ASSERT_TRUE(flat.is_object());
  EXPECT_EQ(flat["error_code"], "HARNESS.0500");
  EXPECT_TRUE(flat["error_msg"].is_string());
  options.front_desk = [](const Request&) -> std::optional<Response> { throw 42; };
  EXPECT_EQ(take("GET /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\n\r\n").status, 500);
}

}  // namespace
