// Each fault kind as a client sees it: a real FakeServer on loopback, raw Asio sockets, raw bytes. Status
// bodies (catalog, fallback, service shapes, overrides), delay, reset, close, hang, truncate, malformed and
// drip; keep-alive after the faults that answer; schedules, matching and the journal over the wire.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/fake/server.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::fake;
using namespace test_net;
using Json = nlohmann::json;

namespace {

constexpr const char* kJobKey = "GET /v1/{project_id}/jobs/{job_id}";

std::string get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

// The message as it was on the wire.
std::string raw(const Message& message) {
  return message.head + "\r\n\r\n" + message.body;
}

// Every answer has an X-Request-Id of its own: two answers compare equal without it.
std::string without_request_id(std::string message) {
  const auto at = message.find("X-Request-Id: ");
  if (at != std::string::npos) message.erase(at, message.find("\r\n", at) + 2 - at);
  return message;
}

// The size of the whole response at the front of `buffer`, once it is all there.
std::optional<std::size_t> complete_size(const std::string& buffer) {
  const auto end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  Message head;
  head.head = buffer.substr(0, end);
  const auto length = head.header("Content-Length");
  const std::size_t size = end + 4 + (length ? std::stoul(*length) : 0);
  if (buffer.size() < size) return std::nullopt;
  return size;
}

// Reads until the blank line that ends a head; false on timeout or when the stream ends first.
bool read_head(tcp::socket& socket, std::string& buffer, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (buffer.find("\r\n\r\n") == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || read_some_for(socket, buffer, left).ec) return false;
  }
  return true;
}

// One response read as it arrives: the bytes, and when (ms after `start`) each read got some.
struct Arrivals {
  std::string bytes;
  std::vector<double> at_ms;
  bool complete = false;
};

Arrivals read_arrivals(tcp::socket& socket, Clock::time_point start, std::chrono::milliseconds timeout) {
  Arrivals result;
  const auto deadline = Clock::now() + timeout;
  while (!(result.complete = complete_size(result.bytes).has_value())) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    const auto read = read_some_for(socket, result.bytes, left);
    if (read.ec) break;
    result.at_ms.push_back(ms_since(start));
  }
  return result;
}

FaultSpec fault(FaultAction action, std::string path = "/v1/*/jobs/*") {
  FaultSpec spec;
  spec.action = action;
  spec.path = std::move(path);
  return spec;
}

FaultSpec status_fault(int status, std::string path = "/v1/*/jobs/*") {
  auto spec = fault(FaultAction::status, std::move(path));
  spec.status = status;
  return spec;
}

class FaultsOverSocket : public testing::Test {
 protected:
  unsigned short port() {
    if (!server_) start();
    return server_->port();
  }
  void start(ServerOptions options = {}) {
    options.read_timeout = std::chrono::milliseconds(2000);
    if (options.write_timeout > std::chrono::milliseconds(2000)) options.write_timeout = 2000ms;
    server_.emplace(world_, options);
  }
  tcp::socket connect() { return connect_to(ioc_, port()); }

  std::string add_job(std::vector<std::string> timeline, std::string service = "sdrs") {
    JobSpec spec;
    spec.service = service;
    spec.project_id = "p1";
    spec.job_type = "createProtectionGroupNoCG";
    spec.timeline = std::move(timeline);
    return world_.with([&](World& w) { return w.add_job(spec); });
  }
  void add_fault(FaultSpec spec) {
    world_.with([&](World& w) { w.add_fault(std::move(spec)); });
  }
  void set_catalog(World::ErrorCatalog catalog) {
    world_.with([&](World& w) {
      w.set_error_catalog(std::make_shared<const World::ErrorCatalog>(std::move(catalog)));
    });
  }
  int polls(const std::string& id) {
    return world_.with([&](World& w) { return w.find_job("p1", id)->polls; });
  }
  std::vector<JournalEntry> journal() {
    return world_.with([](World& w) {
      return std::vector<JournalEntry>(w.journal().entries().begin(), w.journal().entries().end());
    });
  }
  // One request on a fresh connection; the response, or nullopt.
  std::optional<Message> ask(const std::string& request) {
    auto socket = connect();
    send_all(socket, request);
    std::string buffer;
    return read_message(socket, buffer);
  }

  // Declared in this order so the server stops before the world it serves goes away.
  SharedWorld world_;
  asio::io_context ioc_;
  std::optional<FakeServer> server_;
};

// The status line, the JSON content type, a Content-Length that matches, and nothing after the body.
void expect_complete_json(const Message& response, const std::string& start_line, const std::string& buffer) {
  EXPECT_EQ(response.start_line, start_line);
  EXPECT_EQ(response.header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(response.header("Content-Length").value_or(""), std::to_string(response.body.size()));
  EXPECT_TRUE(buffer.empty()) << "bytes after the body: " << buffer;
}

}  // namespace

// --- status
// ---------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, StatusFaultAnswersTheCatalogErrorInTheSdrsShape) {
  const auto id = add_job({"INIT", "RUNNING"});
  set_catalog({{{std::string("sdrs:") + kJobKey, 503}, {"SDRS.1503", "The service is busy."}},
               {{std::string("sdrs:") + kJobKey, 404}, {"SDRS.1404", "No such job."}}});
  auto spec = status_fault(503);
  spec.times = 1;
  add_fault(spec);
  auto socket = connect();
  std::string buffer;
  send_all(socket, get("/v1/p1/jobs/" + id));
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer";
  expect_complete_json(*response, "HTTP/1.1 503 Service Unavailable", buffer);
  EXPECT_EQ(response->body, R"({"error":{"message":"The service is busy.","code":"SDRS.1503"}})");
  EXPECT_EQ(polls(id), 0) << "a status fault answered instead of the API";
  // Keep-alive: the same connection serves the next request, and the job had not moved.
  send_all(socket, get("/v1/p1/jobs/" + id));
  response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the status fault closed the kept-alive connection";
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Json::parse(response->body)["status"], "INIT");
  EXPECT_FALSE(wait_closed(socket, 50ms));
}

TEST_F(FaultsOverSocket, StatusFaultFallsBackToTheHarnessCodeWhenTheCatalogHasNone) {
  const auto id = add_job({"INIT"});
  set_catalog({{{std::string("sdrs:") + kJobKey, 503}, {"SDRS.1503", "The service is busy."}}});
  add_fault(status_fault(500));
  auto response = ask(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(response);
  expect_complete_json(*response, "HTTP/1.1 500 Internal Server Error", "");
  EXPECT_EQ(response->body,
            R"({"error":{"message":"The fake answered 500 as the scenario asked.","code":"HARNESS.0500"}})");
}

TEST_F(FaultsOverSocket, StatusFaultWithoutACatalogFallsBackToo) {
  add_fault(status_fault(429, "**"));
  auto response = ask(get("/v1/p1/jobs/nope"));
  ASSERT_TRUE(response);
  expect_complete_json(*response, "HTTP/1.1 429 Too Many Requests", "");
  auto body = Json::parse(response->body);
  EXPECT_EQ(body["error"]["code"], "HARNESS.0429");
  EXPECT_EQ(body.size(), 1u);
  EXPECT_EQ(body["error"].size(), 2u);
}

TEST_F(FaultsOverSocket, StatusFaultOnAV3PathAnswersTheFlatShape) {
  set_catalog({{{"kps:GET /v3/{project_id}/running-tasks", 503}, {"KPS.0503", "KPS is busy."}}});
  add_fault(status_fault(503, "/v3/*/running-tasks"));
  add_fault(status_fault(500, "/v3/*/failed-tasks"));
  auto busy = ask(get("/v3/p1/running-tasks", "X-Auth-Token: t\r\n"));
  ASSERT_TRUE(busy);
  expect_complete_json(*busy, "HTTP/1.1 503 Service Unavailable", "");
  EXPECT_EQ(busy->body, R"({"error_code":"KPS.0503","error_msg":"KPS is busy."})");
  auto fallback = ask(get("/v3/p1/failed-tasks", "X-Auth-Token: t\r\n"));
  ASSERT_TRUE(fallback);
  expect_complete_json(*fallback, "HTTP/1.1 500 Internal Server Error", "");
  EXPECT_EQ(fallback->body,
            R"({"error_code":"HARNESS.0500","error_msg":"The fake answered 500 as the scenario asked."})");
}

TEST_F(FaultsOverSocket, StatusFaultUsesTheVbsCatalogForAVbsJob) {
  const auto sdrs = add_job({"INIT"});
  const auto vbs = add_job({"INIT"}, "vbs");
  set_catalog({{{std::string("sdrs:") + kJobKey, 503}, {"SDRS.1503", "sdrs busy"}},
               {{std::string("vbs:") + kJobKey, 503}, {"VBS.1503", "vbs busy"}}});
  add_fault(status_fault(503));
  auto a = ask(get("/v1/p1/jobs/" + sdrs));
  auto b = ask(get("/v1/p1/jobs/" + vbs));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, R"({"error":{"message":"sdrs busy","code":"SDRS.1503"}})");
  EXPECT_EQ(b->body, R"({"error":{"message":"vbs busy","code":"VBS.1503"}})");
}

TEST_F(FaultsOverSocket, StatusFaultCodeAndMessageReplaceTheCatalogs) {
  const auto id = add_job({"INIT"});
  set_catalog({{{std::string("sdrs:") + kJobKey, 503}, {"SDRS.1503", "The service is busy."}}});
  auto code_only = status_fault(503);
  code_only.code = "SDRS.9999";
  code_only.nth = 1;
  add_fault(code_only);
  auto both = status_fault(503);
  both.code = "X.1";
  both.message = "given";
  add_fault(both);
  auto first = ask(get("/v1/p1/jobs/" + id));
  auto second = ask(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, R"({"error":{"message":"The service is busy.","code":"SDRS.9999"}})");
  EXPECT_EQ(second->body, R"({"error":{"message":"given","code":"X.1"}})");
}

TEST_F(FaultsOverSocket, StatusFaultWithABodyAnswersItVerbatimWithItsContentType) {
  const auto id = add_job({"INIT"});
  auto spec = status_fault(502);
  spec.body = "<html>bad gateway</html>";
  spec.content_type = "text/html; charset=utf-8";
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->start_line, "HTTP/1.1 502 Bad Gateway");
  EXPECT_EQ(response->header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(response->header("Content-Length").value_or(""), "24");
  EXPECT_EQ(response->body, "<html>bad gateway</html>");
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(polls(id), 0);
}

// --- delay
// ----------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, DelayHoldsTheFirstByteThenAnswersNormallyAndKeepsTheConnection) {
  const auto id = add_job({"INIT", "RUNNING", "SUCCESS"});
  auto spec = fault(FaultAction::delay);
  spec.delay = 200ms;
  spec.times = 1;
  add_fault(spec);
  auto socket = connect();
  std::string buffer;
  const auto start = Clock::now();
  send_all(socket, get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(wait_readable(socket.native_handle(), 2000ms)) << "no answer at all";
  EXPECT_GE(ms_since(start), 200) << "the first byte came before the delay";
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  expect_complete_json(*response, "HTTP/1.1 200 OK", buffer);
  EXPECT_EQ(Json::parse(response->body)["status"], "INIT");
  EXPECT_EQ(polls(id), 1) << "a delay answers after the API did its work";
  const auto again = Clock::now();
  send_all(socket, get("/v1/p1/jobs/" + id));
  response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the delay closed the kept-alive connection";
  EXPECT_LT(ms_since(again), 150) << "the spent delay still held the answer";
  EXPECT_EQ(Json::parse(response->body)["status"], "RUNNING");
}

TEST_F(FaultsOverSocket, DelayCombinesWithAStatus) {
  const auto id = add_job({"INIT"});
  auto spec = status_fault(503);
  spec.delay = 150ms;
  add_fault(spec);
  auto socket = connect();
  const auto start = Clock::now();
  send_all(socket, get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(wait_readable(socket.native_handle(), 2000ms));
  EXPECT_GE(ms_since(start), 150);
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(polls(id), 0);
}

// --- reset and close
// ------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, ResetFailsTheReadWithConnectionResetAndNoBytes) {
  const auto id = add_job({"INIT", "RUNNING"});
  auto spec = fault(FaultAction::reset);
  spec.times = 1;
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  boost::system::error_code how;
  std::string bytes;
  ASSERT_TRUE(wait_closed(socket, 2000ms, &how, &bytes)) << "the connection stayed open";
  EXPECT_EQ(how, asio::error::connection_reset) << how.message();
  EXPECT_EQ(bytes, "");
  // The world did not change, and the journal has the request with no answer.
  auto next = ask(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(next);
  EXPECT_EQ(Json::parse(next->body)["status"], "INIT");
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].status, 0);
  EXPECT_EQ(entries[0].fault, 1);
  EXPECT_EQ(entries[1].status, 200);
  EXPECT_EQ(entries[1].fault, 0);
}

TEST_F(FaultsOverSocket, CloseEndsTheStreamWithAnOrderlyEofAndNoBytes) {
  const auto id = add_job({"INIT", "RUNNING"});
  auto spec = fault(FaultAction::close);
  spec.times = 1;
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  boost::system::error_code how;
  std::string bytes;
  ASSERT_TRUE(wait_closed(socket, 2000ms, &how, &bytes)) << "the connection stayed open";
  EXPECT_EQ(how, asio::error::eof) << how.message();
  EXPECT_EQ(bytes, "");
  auto next = ask(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(next);
  EXPECT_EQ(Json::parse(next->body)["status"], "INIT");
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].status, 0);
  EXPECT_EQ(entries[0].fault, 1);
}

// --- hang
// -----------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, HangSendsTheWholeHeadThenNoBodyAndKeepsTheConnectionOpen) {
  const auto id = add_job({"INIT", "RUNNING"});
  add_fault(fault(FaultAction::hang));
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  std::string buffer;
  ASSERT_TRUE(read_head(socket, buffer, 2000ms)) << "no head: " << buffer;
  const auto end = buffer.find("\r\n\r\n");
  EXPECT_EQ(end + 4, buffer.size()) << "body bytes came with the head";
  Message head;
  head.head = buffer.substr(0, end);
  EXPECT_EQ(head.head.substr(0, head.head.find("\r\n")), "HTTP/1.1 200 OK");
  ASSERT_TRUE(head.header("Content-Length"));
  EXPECT_GT(std::stoul(*head.header("Content-Length")), 0u);
  std::string more;
  const auto read = read_some_for(socket, more, 300ms);
  EXPECT_EQ(read.ec, asio::error::timed_out) << "the connection ended: " << read.ec.message();
  EXPECT_EQ(more, "") << "body bytes after the head";
  EXPECT_EQ(polls(id), 1) << "a hang answers after the API did its work";
}

// --- truncate
// -------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, TruncateSendsTheHeadAndNBodyBytesThenEof) {
  const auto id = add_job({"RUNNING"});  // one state: every answer has the same body
  const auto normal = ask(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(normal);
  ASSERT_GT(normal->body.size(), 10u);
  auto spec = fault(FaultAction::truncate);
  spec.truncate_at = 10;
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  boost::system::error_code how;
  std::string bytes;
  ASSERT_TRUE(wait_closed(socket, 2000ms, &how, &bytes)) << "the connection stayed open";
  EXPECT_EQ(how, asio::error::eof) << how.message();
  const auto end = bytes.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << bytes;
  Message head;
  head.head = bytes.substr(0, end);
  const auto body = bytes.substr(end + 4);
  EXPECT_EQ(body, normal->body.substr(0, 10));
  ASSERT_TRUE(head.header("Content-Length"));
  EXPECT_EQ(*head.header("Content-Length"), std::to_string(normal->body.size()));
  EXPECT_GT(std::stoul(*head.header("Content-Length")), body.size());
  EXPECT_EQ(polls(id), 2);
}

TEST_F(FaultsOverSocket, TruncateBeyondTheBodyStillLeavesItShort) {
  const auto id = add_job({"RUNNING"});
  auto spec = fault(FaultAction::truncate);
  spec.truncate_at = 1 << 20;
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  boost::system::error_code how;
  std::string bytes;
  ASSERT_TRUE(wait_closed(socket, 2000ms, &how, &bytes));
  EXPECT_EQ(how, asio::error::eof) << how.message();
  const auto end = bytes.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  Message head;
  head.head = bytes.substr(0, end);
  ASSERT_TRUE(head.header("Content-Length"));
  EXPECT_EQ(bytes.size() - end - 4 + 1, std::stoul(*head.header("Content-Length")));
}

// --- malformed
// ------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, MalformedIsACompleteResponseWhoseBodyIsNotJson) {
  const auto id = add_job({"INIT", "RUNNING"});
  auto spec = fault(FaultAction::malformed);
  spec.times = 1;
  add_fault(spec);
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/" + id));
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the malformed answer was not complete";
  expect_complete_json(*response, "HTTP/1.1 200 OK", buffer);
  EXPECT_FALSE(response->body.empty());
  EXPECT_FALSE(Json::accept(response->body)) << response->body;
  send_all(socket, get("/v1/p1/jobs/" + id));
  response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer on the kept-alive connection";
  EXPECT_EQ(Json::parse(response->body)["status"], "RUNNING")
      << "the malformed answer did not advance the job";
}

// --- drip
// -----------------------------------------------------------------------------------------------------

TEST_F(FaultsOverSocket, DripSendsTheSameBytesInSpacedPiecesAndKeepsTheConnection) {
  const auto id = add_job({"RUNNING"});
  auto spec = fault(FaultAction::drip);
  spec.nth = 2;
  spec.drip_bytes = 64;
  spec.drip_interval = 40ms;
  add_fault(spec);
  auto socket = connect();
  std::string buffer;
  send_all(socket, get("/v1/p1/jobs/" + id));
  auto normal = read_message(socket, buffer);
  ASSERT_TRUE(normal);
  const auto whole = without_request_id(raw(*normal));
  const auto chunks = (whole.size() + 63) / 64;
  ASSERT_GE(chunks, 4u) << "too short an answer to see a drip";

  const auto start = Clock::now();
  send_all(socket, get("/v1/p1/jobs/" + id));
  auto dripped = read_arrivals(socket, start, 3000ms);
  ASSERT_TRUE(dripped.complete) << "the drip did not complete: " << dripped.bytes;
  EXPECT_EQ(without_request_id(dripped.bytes), whole) << "the reassembled answer differs from a normal one";
  EXPECT_GE(dripped.at_ms.size(), 3u) << "the answer came in too few reads";
  EXPECT_GE(dripped.at_ms.back(), (chunks - 1) * 40.0) << "the pieces came faster than the interval";
  EXPECT_EQ(polls(id), 2);

  send_all(socket, get("/v1/p1/jobs/" + id));
  auto after = read_message(socket, buffer);
  ASSERT_TRUE(after) << "the drip closed the kept-alive connection";
  EXPECT_EQ(without_request_id(raw(*after)), whole);
}

// The write timeout bounds each write, not the whole drip: a drip that takes longer than it still arrives
// whole.
TEST_F(FaultsOverSocket, DripLongerThanTheWriteTimeoutStillArrivesWhole) {
  ServerOptions options;
  options.write_timeout = 250ms;
  start(options);
  const auto id = add_job({"RUNNING"});
  auto spec = fault(FaultAction::drip);
  spec.drip_bytes = 48;
  spec.drip_interval = 60ms;
  add_fault(spec);
  auto socket = connect();
  const auto start_time = Clock::now();
  send_all(socket, get("/v1/p1/jobs/" + id));
  auto dripped = read_arrivals(socket, start_time, 3000ms);
  ASSERT_TRUE(dripped.complete) << "the drip was cut after " << ms_since(start_time)
                                << " ms: " << dripped.bytes;
  EXPECT_GT(dripped.at_ms.back(), 250.0)
      << "the drip did not outlast the write timeout; the test proves nothing";
  EXPECT_TRUE(Json::accept(dripped.bytes.substr(dripped.bytes.find("\r\n\r\n") + 4)));
}

// --- schedules, matching and the journal over the wire
// ---------------------------------------------------------

TEST_F(FaultsOverSocket, SchedulesAndMatchingOverOneConnection) {
  const auto id = add_job({"INIT", "RUNNING", "SUCCESS"});
  auto by_header = status_fault(401);
  by_header.request_headers = {{"X-Fail", "yes"}};
  add_fault(by_header);
  auto by_query = status_fault(400);
  by_query.query = {{"fail", "1"}};
  add_fault(by_query);
  auto twice = status_fault(503);
  twice.method = "GET";
  twice.times = 2;
  add_fault(twice);
  auto socket = connect();
  std::string buffer;
  std::vector<int> statuses;
  const std::string target = "/v1/p1/jobs/" + id;
  for (const auto& request :
       {get(target), get(target, "x-fail: yes\r\n"), get(target + "?fail=1"), get(target), get(target),
        get(target + "?fail=2"), get(target, "X-Fail: no\r\n")}) {
    send_all(socket, request);
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response) << "no answer after " << statuses.size() << " answers";
    statuses.push_back(response->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{503, 401, 400, 503, 200, 200, 200}));
  EXPECT_EQ(polls(id), 3);
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 7u);
  std::vector<int> faults;
  for (const auto& entry : entries) faults.push_back(entry.fault);
  EXPECT_EQ(faults, (std::vector<int>{3, 1, 2, 3, 0, 0, 0}));
  EXPECT_EQ(entries[1].headers, (HeaderList{{"Host", "127.0.0.1"}, {"x-fail", "yes"}}));
  EXPECT_EQ(entries[2].target, target + "?fail=1");
  EXPECT_EQ(entries[1].time_ms, World::kEpochMs);
}

TEST_F(FaultsOverSocket, JournalRecordsTheBodyAndTheClockOverTheWire) {
  add_fault(status_fault(503, "/v1/*/task-center/**"));
  auto socket = connect();
  std::string buffer;
  send_all(socket, "POST /v1/p1/jobs/x HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{\"k\":1}");
  ASSERT_TRUE(read_message(socket, buffer));
  world_.with([](World& w) { w.advance(2500); });
  send_all(socket, get("/v1/p1/task-center/failure-jobs?limit=1"));
  ASSERT_TRUE(read_message(socket, buffer));
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].body, "{\"k\":1}");
  EXPECT_EQ(entries[0].status, 405);
  EXPECT_EQ(entries[0].time_ms, World::kEpochMs);
  EXPECT_EQ(entries[1].method, "GET");
  EXPECT_EQ(entries[1].target, "/v1/p1/task-center/failure-jobs?limit=1");
  EXPECT_EQ(entries[1].status, 503);
  EXPECT_EQ(entries[1].fault, 1);
  EXPECT_EQ(entries[1].time_ms, World::kEpochMs + 2500);
}

// A malformed fault on an answer without a body (the DELETEs' 204) still sends a complete response whose body
// is not JSON, and the server goes on (Beast refuses to serialise a 204 with a body).
TEST_F(FaultsOverSocket, MalformedOnABodilessAnswerIsStillAMalformedResponse) {
  auto spec = fault(FaultAction::malformed, "/v1/*/task-center/**");
  spec.method = "DELETE";
  add_fault(spec);
  auto socket = connect();
  send_all(socket, "DELETE /v1/p1/task-center/failure-jobs/batch HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer";
  EXPECT_EQ(response->start_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(response->header("Content-Length").value_or(""), std::to_string(response->body.size()));
  EXPECT_FALSE(response->body.empty());
  EXPECT_FALSE(Json::accept(response->body)) << response->body;
  auto next = ask(get("/v1/p1/jobs/missing"));
  ASSERT_TRUE(next) << "the server stopped answering";
  EXPECT_EQ(next->status, 404);
}

// The Lua API keeps status faults within 400..599, but the server must not die on a bodiless status either.
TEST_F(FaultsOverSocket, ABodilessStatusIsSentWithoutABodyAndTheServerGoesOn) {
  add_fault(status_fault(204, "/v1/*/jobs/gone"));
  auto socket = connect();
  send_all(socket, get("/v1/p1/jobs/gone"));
  std::string buffer;
  auto response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "no answer";
  EXPECT_EQ(response->start_line, "HTTP/1.1 204 No Content");
  EXPECT_EQ(response->body, "");
  send_all(socket, get("/v1/p1/jobs/missing"));
  response = read_message(socket, buffer);
  ASSERT_TRUE(response) << "the server stopped answering";
  EXPECT_EQ(response->status, 404);
}
