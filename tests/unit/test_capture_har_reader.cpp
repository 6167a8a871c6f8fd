// HAR 1.2 files as browsers and proxies export them, read into a Capture: every shape real exporters write
// (base64 bodies, absent bodies, entries without a response, status 0 with Chrome's _error, HTTP/2
// pseudo-headers, unsorted entries, decoded gzip text), and broken files named by their JSON pointer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "harness/capture/capture_file.hpp"
#include "harness/capture/har_reader.hpp"

namespace {

namespace capture = harness::capture;
using Json = nlohmann::json;

// A HAR whose log holds the given entries (JSON text, comma-separated).
std::string har(const std::string& entries) {
  return R"({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [)" + entries +
         "]}}";
}

std::string entry(const std::string& started, const std::string& url, const std::string& response,
                  const std::string& more = "") {
  return R"({"startedDateTime": ")" + started + R"(", "time": 12.5, "request": {"method": "GET", "url": ")" +
         url + R"(", "httpVersion": "HTTP/1.1", "headers": [], "queryString": [], "cookies": [],
         "headersSize": -1, "bodySize": 0})" +
         (response.empty() ? "" : R"(, "response": )" + response) + more + "}";
}

std::string response(int status, const std::string& content, const std::string& headers = "[]") {
  return R"({"status": )" + std::to_string(status) + R"(, "statusText": "", "httpVersion": "HTTP/1.1",
      "headers": )" +
         headers + R"(, "cookies": [], "content": )" + content +
         R"(, "redirectURL": "", "headersSize": -1, "bodySize": -1})";
}

std::string error_of(const std::string& text) {
  try {
    capture::read_har(text, "capture.har");
  } catch (const capture::CaptureError& error) {
    return error.what();
  }
  return "(no error)";
}

const std::string kJob =
    R"({"size": 20, "mimeType": "application/json", "text": "{\"status\":\"RUNNING\"}"})";

TEST(HarReader, AnEntryBecomesTheExchangeAsSent) {
  const auto read = capture::read_har(har(R"({"startedDateTime": "2026-11-22T11:40:01.120Z", "time": 87.25,
      "request": {"method": "POST", "url": "https://sdrs.example.com:8443/v1/p1/jobs?limit=10&offset=0#frag",
        "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "X-Auth-Token", "value": "t"}],
        "postData": {"mimeType": "application/json", "text": "{\"a\":1}"}},
      "response": {"status": 202, "statusText": "Accepted",
        "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "Content-Length", "value": "20"}],
        "content": )" + kJob + "}}"),
                                      "capture.har");
  EXPECT_EQ(read.source, "capture.har");
  EXPECT_EQ(read.origin, "https://sdrs.example.com:8443");
  ASSERT_EQ(read.exchanges.size(), 1u);
  const auto& exchange = read.exchanges[0];
  EXPECT_EQ(exchange.method, "POST");
  EXPECT_EQ(exchange.target, "/v1/p1/jobs?limit=10&offset=0");  // the fragment is never sent
  EXPECT_EQ(exchange.request_headers,
            (capture::HeaderList{{"Content-Type", "application/json"}, {"X-Auth-Token", "t"}}));
  EXPECT_EQ(exchange.request_body, R"({"a":1})");
  EXPECT_EQ(exchange.status, 202);
  EXPECT_EQ(exchange.failure, "");
  // Not encoded: the Content-Length is the text's, and stays.
  EXPECT_EQ(exchange.response_headers,
            (capture::HeaderList{{"Content-Type", "application/json"}, {"Content-Length", "20"}}));
  EXPECT_EQ(exchange.response_body, R"({"status":"RUNNING"})");
  EXPECT_EQ(exchange.started_ms, 0);
  EXPECT_EQ(exchange.duration_ms, 87.25);
}

TEST(HarReader, TheOriginHasNoUserInfoAndAnEmptyPathIsTheRoot) {
  const auto read =
      capture::read_har(har(entry("2026-11-22T11:40:01Z", "http://user:pw@Example.com", "")), "capture.har");
  EXPECT_EQ(read.origin, "http://Example.com");
  EXPECT_EQ(read.exchanges.at(0).target, "/");
}

TEST(HarReader, ABase64BodyIsDecodedToItsBytes) {
  // "\x00\xff{}" and a body given as base64 in postData too.
  const auto read = capture::read_har(
      har(entry("2026-11-22T11:40:01Z", "http://h/x",
                response(200, R"({"size": 4, "mimeType": "application/octet-stream", "text": "AP97fQ==",
                                  "encoding": "base64"})"))),
      "capture.har");
  EXPECT_EQ(read.exchanges.at(0).response_body, std::string("\x00\xff{}", 4));
  EXPECT_EQ(capture::read_har(har(entry("2026-11-22T11:40:01Z", "http://h/x",
                                        response(200, R"({"text": "AP97fQ", "encoding": "base64"})"))),
                              "c.har")
                .exchanges.at(0)
                .response_body,
            std::string("\x00\xff{}", 4))
      << "padding is optional";
}

TEST(HarReader, ContentWithoutTextHasNoBodyAndEmptyTextIsAnEmptyBody) {
  const auto read = capture::read_har(
      har(entry("2026-11-22T11:40:01Z", "http://h/a",
                response(200, R"({"size": 0, "mimeType": "x-unknown"})")) +
          "," + entry("2026-11-22T11:40:02Z", "http://h/b", response(204, R"({"size": 0, "text": ""})")) +
          "," + entry("2026-11-22T11:40:03Z", "http://h/c", R"({"status": 200})")),
      "capture.har");
  ASSERT_EQ(read.exchanges.size(), 3u);
  EXPECT_FALSE(read.exchanges[0].response_body.has_value());
  EXPECT_EQ(read.exchanges[1].response_body, "");
  EXPECT_FALSE(read.exchanges[2].response_body.has_value());
  EXPECT_EQ(read.exchanges[0].request_body, "");  // no postData
}

// A request that got no answer: Chrome writes status 0 and says why in _error (in the response, or in the
// entry in older versions); others leave no response at all.
TEST(HarReader, AFailedRequestIsStatusZeroWithTheClientsWordForIt) {
  const auto read = capture::read_har(
      har(entry("2026-11-22T11:40:01Z", "http://h/a", "") + "," +
          entry("2026-11-22T11:40:02Z", "http://h/b",
                R"({"status": 0, "headers": [{"name": "X", "value": "y"}], "content": {"text": "junk"},
                    "_error": "net::ERR_CONNECTION_RESET"})") +
          "," + entry("2026-11-22T11:40:03Z", "http://h/c", response(0, R"({"size": 0})")) + "," +
          entry("2026-11-22T11:40:04Z", "http://h/d", "", R"(, "_error": "net::ERR_TIMED_OUT")")),
      "capture.har");
  ASSERT_EQ(read.exchanges.size(), 4u);
  const std::vector<std::string> failures{"unknown", "reset", "unknown", "timeout"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(read.exchanges[i].status, 0) << i;
    EXPECT_EQ(read.exchanges[i].failure, failures[i]) << i;
    EXPECT_TRUE(read.exchanges[i].response_headers.empty()) << i;
    EXPECT_FALSE(read.exchanges[i].response_body.has_value()) << i;
  }
}

TEST(HarReader, ExportersWordsForFailuresAreTheClientsTransportErrors) {
  const std::vector<std::pair<std::string, std::string>> words{
      {"net::ERR_CONNECTION_RESET", "reset"},
      {"net::ERR_CONNECTION_CLOSED", "closed"},
      {"net::ERR_EMPTY_RESPONSE", "closed"},
      {"net::ERR_CONNECTION_TIMED_OUT", "timeout"},
      {"Read timed out", "timeout"},
      {"net::ERR_CONNECTION_REFUSED", "refused"},
      {"net::ERR_CONTENT_LENGTH_MISMATCH", "truncated"},
      {"net::ERR_INCOMPLETE_CHUNKED_ENCODING", "truncated"},
      {"net::ERR_NAME_NOT_RESOLVED", "resolve"},
      {"net::ERR_CERT_AUTHORITY_INVALID", "tls"},
      {"net::ERR_SSL_PROTOCOL_ERROR", "tls"},
      {"net::ERR_ABORTED", "unknown"},
      {"", "unknown"}};
  for (const auto& [description, word] : words)
    EXPECT_EQ(capture::failure_word(description), word) << description;
}

TEST(HarReader, Http2PseudoHeadersAreDroppedAndNamesKeepTheirCase) {
  const auto read = capture::read_har(
      har(R"({"startedDateTime": "2026-11-22T11:40:01Z", "request": {"method": "GET", "url": "https://h/a",
          "headers": [{"name": ":authority", "value": "h"}, {"name": ":method", "value": "GET"},
                      {"name": ":path", "value": "/a"}, {"name": ":scheme", "value": "https"},
                      {"name": "x-auth-token", "value": "t"}, {"name": "Accept", "value": "*/*"}]},
          "response": {"status": 200, "headers": [{"name": ":status", "value": "200"},
                      {"name": "content-type", "value": "application/json"}], "content": {"text": "{}"}}})"),
      "capture.har");
  EXPECT_EQ(read.exchanges.at(0).request_headers,
            (capture::HeaderList{{"x-auth-token", "t"}, {"Accept", "*/*"}}));
  EXPECT_EQ(read.exchanges.at(0).response_headers,
            (capture::HeaderList{{"content-type", "application/json"}}));
  EXPECT_EQ(read.exchanges.at(0).duration_ms, 0);  // no time: not known
}

// Sorted by when they started, stably (two at the same instant keep the file's order); zones are honoured.
TEST(HarReader, EntriesAreOrderedByTheirStartAndTimedFromTheFirst) {
  const auto read =
      capture::read_har(har(entry("2026-11-22T11:40:03.500Z", "http://late/c", response(200, "{}")) + "," +
                            entry("2026-11-22T12:40:01.25+01:00", "http://first:81/a", response(200, "{}")) +
                            "," + entry("2026-11-22T11:40:02Z", "http://h/b1", response(200, "{}")) + "," +
                            entry("2026-11-22T11:40:02.000Z", "http://h/b2", response(200, "{}"))),
                        "capture.har");
  ASSERT_EQ(read.exchanges.size(), 4u);
  EXPECT_EQ(read.origin, "http://first:81");
  const std::vector<std::string> targets{"/a", "/b1", "/b2", "/c"};
  const std::vector<double> started{0, 750, 750, 2250};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(read.exchanges[i].target, targets[i]) << i;
    EXPECT_DOUBLE_EQ(read.exchanges[i].started_ms, started[i]) << i;
  }
}

// The HAR holds gzip's text decoded: served again with Content-Encoding it would be read as gzip, and with
// the wire's Content-Length cut short.
TEST(HarReader, ADecodedGzipBodyLosesContentEncodingAndLength) {
  const auto read = capture::read_har(
      har(entry(
          "2026-11-22T11:40:01Z", "http://h/a",
          response(
              200, kJob,
              R"([{"name": "content-encoding", "value": "gzip"}, {"name": "CONTENT-LENGTH", "value": "9"},
                             {"name": "Transfer-Encoding", "value": "chunked"}, {"name": "Vary", "value": "Accept"}])"))),
      "capture.har");
  EXPECT_EQ(read.exchanges.at(0).response_headers, (capture::HeaderList{{"Vary", "Accept"}}));
  EXPECT_EQ(read.exchanges.at(0).response_body, R"({"status":"RUNNING"})");
}

TEST(HarReader, BrokenFilesNameTheFileAndThePointer) {
  const std::string ok_request = R"("request": {"method": "GET", "url": "http://h/a"})";
  const std::string at = R"("startedDateTime": "2026-11-22T11:40:01Z")";
  auto one = [&](const std::string& inside) { return har("{" + inside + "}"); };
  const std::vector<std::pair<std::string, std::string>> cases{
      {"[1,",
       "capture.har: not valid JSON: parse error at line 1, column 4: syntax error while parsing value - "
       "unexpected end of input; expected '[', '{', or a literal"},
      // A number too large for a double is nlohmann's out_of_range, not a parse_error: it crashed the reader.
      {"[1e99999]", "capture.har: not valid JSON: number overflow parsing '1e99999'"},
      {"[]", "capture.har: /: must be an object"},
      {"{}", "capture.har: /log: missing (a HAR file is {\"log\": {\"entries\": [...]}})"},
      {R"({"log": {"entries": {}}})", "capture.har: /log/entries: must be an array"},
      {har("1"), "capture.har: /log/entries/0: must be an object"},
      {one(ok_request),
       "capture.har: /log/entries/0/startedDateTime: missing (when the request started, ISO 8601)"},
      {one(R"("startedDateTime": "yesterday", )" + ok_request),
       "capture.har: /log/entries/0/startedDateTime: must be an ISO 8601 date-time "
       "(2026-11-22T11:40:01.120Z)"},
      {one(R"("startedDateTime": "2026-02-30T11:40:01Z", )" + ok_request),
       "capture.har: /log/entries/0/startedDateTime: must be an ISO 8601 date-time "
       "(2026-11-22T11:40:01.120Z)"},
      {one(at), "capture.har: /log/entries/0/request: missing"},
      {one(at + R"(, "request": {"method": "GET", "url": 7})"),
       "capture.har: /log/entries/0/request/url: must be a string"},
      {one(at + R"(, "request": {"method": "GET", "url": "/v1/p1/jobs"})"),
       "capture.har: /log/entries/0/request/url: must be an absolute URL (scheme://host/path), not "
       "\"/v1/p1/jobs\""},
      {one(at + R"(, "request": {"method": "GET", "url": "http://h/a b"})"),
       "capture.har: /log/entries/0/request/url: must be an absolute URL (scheme://host/path), not "
       "\"http://h/a b\""},
      {one(at + R"(, "request": {"method": "GET", "url": "https://s1:s.example.com/v1/p1/jobs/j1"})"),
       "capture.har: /log/entries/0/request/url: must be an absolute URL (scheme://host/path), not "
       "\"https://s1:s.example.com/v1/p1/jobs/j1\""},  // found by fuzz_har: a port that is not one
      {one(at + R"(, "request": {"method": "G T", "url": "http://h/"})"),
       "capture.har: /log/entries/0/request/method: must be an HTTP method (GET, POST, ...)"},
      {one(at + R"(, "time": "slow", )" + ok_request), "capture.har: /log/entries/0/time: must be a number"},
      {one(at + R"(, "request": {"method": "GET", "url": "http://h/", "headers": {}})"),
       "capture.har: /log/entries/0/request/headers: must be an array"},
      {one(at + R"(, "request": {"method": "GET", "url": "http://h/", "headers": [{"value": "v"}]})"),
       "capture.har: /log/entries/0/request/headers/0/name: missing (a header is {\"name\": ..., \"value\": "
       "...})"},
      {one(at +
           R"(, "request": {"method": "POST", "url": "http://h/", "postData": {"params": [{"name": "a"}]}})"),
       "capture.har: /log/entries/0/request/postData/text: missing: the body is given only as params, which "
       "do "
       "not say its bytes"},
      {one(at + ", " + ok_request + R"(, "response": {"statusText": "OK"})"),
       "capture.har: /log/entries/0/response/status: missing"},
      {one(at + ", " + ok_request + R"(, "response": {"status": 42})"),
       "capture.har: /log/entries/0/response/status: must be 0 (no answer) or an HTTP status (100-999)"},
      {one(at + ", " + ok_request + R"(, "response": {"status": 200.5})"),
       "capture.har: /log/entries/0/response/status: must be an integer"},
      {one(at + ", " + ok_request +
           R"(, "response": {"status": 200, "content": {"text": "A-B=", "encoding": "base64"}})"),
       "capture.har: /log/entries/0/response/content/text: is not valid base64 (encoding says base64)"},
      {one(at + ", " + ok_request +
           R"(, "response": {"status": 200, "content": {"text": "x", "encoding": "gzip"}})"),
       "capture.har: /log/entries/0/response/content/encoding: \"gzip\" is not supported (base64 is)"},
      {one(at + ", " + ok_request + R"(, "response": {"status": 200, "content": {"text": 5}})"),
       "capture.har: /log/entries/0/response/content/text: must be a string"},
  };
  for (const auto& [text, message] : cases) EXPECT_EQ(error_of(text), message) << text;
  // The pointer escapes what RFC 6901 asks: a later entry is named by its index in the file, not its order.
  EXPECT_EQ(error_of(har(entry("2026-11-22T11:40:09Z", "http://h/a", response(200, "{}")) + "," +
                         entry("2026-11-22T11:40:01Z", "http://h/b", response(200, R"({"text": []})")))),
            "capture.har: /log/entries/1/response/content/text: must be a string");
}

class CaptureFiles : public ::testing::Test {
 protected:
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      ("capture_files_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { std::filesystem::create_directories(folder); }
  void TearDown() override { std::filesystem::remove_all(folder); }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(folder / name, std::ios::binary) << text;
    return folder / name;
  }
};

TEST_F(CaptureFiles, AFileIsReadAsTheKindItsShapeSays) {
  const auto har_file = write("a.har", har(entry("2026-11-22T11:40:01Z", "http://h/a", response(200, "{}"))));
  const auto journal = write("j.json", R"({"dropped": 0, "requests": [{"method": "GET", "path": "/j",
      "query": "", "status": 200, "time": 1, "states": "RUNNING"}]})");
  const auto bare = write("bare.json", R"([{"method": "GET", "path": "/b", "status": 503, "time": 1}])");
  EXPECT_EQ(capture::read_capture_file(har_file).exchanges.at(0).target, "/a");
  EXPECT_EQ(capture::read_capture_file(har_file).source, har_file.generic_string());
  EXPECT_EQ(capture::read_har_file(har_file).exchanges.at(0).target, "/a");
  EXPECT_EQ(capture::read_capture_file(journal).exchanges.at(0).served_states, "RUNNING");
  EXPECT_EQ(capture::read_capture_file(bare).exchanges.at(0).status, 503);
  auto error_of_file = [](const std::filesystem::path& path) -> std::string {
    try {
      capture::read_capture_file(path);
    } catch (const capture::CaptureError& error) {
      return error.what();
    }
    return "(no error)";
  };
  const auto neither = write("n.json", R"({"entries": []})");
  EXPECT_EQ(
      error_of_file(neither),
      neither.generic_string() +
          ": neither a HAR file (an object with \"log\") nor a journal saved from harness serve (an object "
          "with \"requests\", or an array of its entries)");
  EXPECT_EQ(error_of_file(folder / "none.har"), (folder / "none.har").generic_string() + ": no such file");
  EXPECT_EQ(error_of_file(folder), folder.generic_string() + ": is a directory, not a capture file");
  // A HAR's error through the sniffer still names its pointer.
  const auto broken = write("b.har", har(R"({"startedDateTime": 1})"));
  EXPECT_EQ(error_of_file(broken),
            broken.generic_string() + ": /log/entries/0/startedDateTime: must be a string");
}

}  // namespace
