// A journal saved from `harness serve` (GET /__admin/requests) read back into a Capture: the requests as the
// fake received them (exact bytes from "base64"), statuses, failures, and the job states each answer served.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/capture/capture_file.hpp"
#include "harness/capture/journal_reader.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"
#include "harness/serve/journal_body.hpp"

namespace {

namespace capture = harness::capture;
namespace fake = harness::fake;
using Json = nlohmann::json;

fake::Request request(std::string method, std::string target, fake::HeaderList headers,
                      std::string body = "") {
  fake::Request out;
  out.method = std::move(method);
  out.target = std::move(target);
  out.headers = std::move(headers);
  out.body = std::move(body);
  return out;
}

std::string error_of(const std::string& text) {
  try {
    capture::read_journal(text, "journal.json");
  } catch (const capture::CaptureError& error) {
    return error.what();
  }
  return "(no error)";
}

// A world as a world file would set it: a job polled through its timeline with two sub-jobs, a 503 on the
// first poll, a reset on the fifth (the reset fault's fourth match: the 503 answered the first request before
// it was asked), an unknown job, a method the path does not take, and a request whose bytes are not UTF-8.
TEST(JournalReader, AJournalARealWorldWroteComesBackWithItsStates) {
  fake::World world;
  world.add_job(fake::job_spec(Json::parse(R"({"job_id": "j1", "job_type": "createProtectionGroupNoCG",
      "timeline": ["INIT", "RUNNING", "SUCCESS"],
      "sub_jobs": [{"job_type": "createServer", "timeline": ["RUNNING", "SUCCESS"]},
                   {"job_type": "createServer", "timeline": ["RUNNING", "FAIL"]}]})"),
                               "p1"));
  world.add_fault(fake::fault_spec(Json::parse(R"({"path": "/v1/p1/jobs/*", "status": 503, "nth": 1})")));
  world.add_fault(fake::fault_spec(Json::parse(R"({"path": "/v1/p1/jobs/*", "reset": true, "nth": 4})")));
  const fake::HeaderList headers{{"Host", "127.0.0.1:8080"}, {"X-Auth-Token", "secret"}};
  for (int poll = 0; poll < 5; ++poll) {
    fake::serve(world, request("GET", "/v1/p1/jobs/j1", headers));
    world.advance(1500);
  }
  fake::serve(world, request("GET", "/v1/p1/jobs/nope?x=1", headers));
  fake::serve(world, request("POST", "/v1/p1/jobs/\xff", {{"Host", "h"}, {"X-Name", "caf\xe9"}}, "\xc3\x28"));
  const std::string body =
      harness::serve::journal_body(harness::serve::snapshot_journal(world.journal(), {}));

  const auto read = capture::read_journal(body, "journal.json");
  EXPECT_EQ(read.source, "journal.json");
  EXPECT_EQ(read.origin, "");  // a journal does not say whether the client spoke TLS
  ASSERT_EQ(read.exchanges.size(), 7u);
  const std::vector<int> statuses{503, 200, 200, 200, 0, 404, 405};
  const std::vector<std::string> states{
      "", "INIT RUNNING RUNNING", "RUNNING SUCCESS FAIL", "SUCCESS SUCCESS FAIL", "", "", ""};
  for (std::size_t i = 0; i < read.exchanges.size(); ++i) {
    const auto& exchange = read.exchanges[i];
    EXPECT_EQ(exchange.status, statuses[i]) << i;
    EXPECT_EQ(exchange.served_states, states[i]) << i;
    EXPECT_EQ(exchange.failure, exchange.status == 0 ? "closed" : "") << i;
    EXPECT_FALSE(exchange.response_body.has_value()) << i;
    EXPECT_TRUE(exchange.response_headers.empty()) << i;
  }
  EXPECT_EQ(read.exchanges[0].method, "GET");
  EXPECT_EQ(read.exchanges[0].target, "/v1/p1/jobs/j1");
  EXPECT_EQ(read.exchanges[0].started_ms, 0);
  EXPECT_EQ(read.exchanges[2].started_ms, 3000);
  EXPECT_EQ(read.exchanges[5].target, "/v1/p1/jobs/nope?x=1");
  // The journal writes header names in lower case, sorted.
  EXPECT_EQ(read.exchanges[0].request_headers,
            (capture::HeaderList{{"host", "127.0.0.1:8080"}, {"x-auth-token", "secret"}}));
  // Not UTF-8: the exact bytes, from "base64", not the U+FFFD the entry shows.
  EXPECT_EQ(read.exchanges[6].method, "POST");
  EXPECT_EQ(read.exchanges[6].target, "/v1/p1/jobs/\xff");
  EXPECT_EQ(read.exchanges[6].request_body, "\xc3\x28");
  EXPECT_EQ(read.exchanges[6].request_headers, (capture::HeaderList{{"host", "h"}, {"x-name", "caf\xe9"}}));
}

TEST(JournalReader, ABareArrayOfEntriesIsAJournalToo) {
  const auto read = capture::read_journal(
      R"([{"method": "GET", "path": "/a", "query": "", "status": 200, "time": 10.5},
          {"method": "GET", "path": "/b", "query": "limit=2", "status": 0, "time": 12}])",
      "bare.json");
  ASSERT_EQ(read.exchanges.size(), 2u);
  EXPECT_EQ(read.exchanges[1].target, "/b?limit=2");
  EXPECT_EQ(read.exchanges[1].started_ms, 1500);
  EXPECT_EQ(read.exchanges[1].failure, "closed");
  EXPECT_EQ(read.exchanges[0].request_body, "");
}

// Lost entries are said where the generated file names its source, never dropped silently.
TEST(JournalReader, DroppedEntriesAreNamedInTheSource) {
  const auto read = capture::read_journal(R"({"dropped": 12, "requests": []})", "j.json");
  EXPECT_EQ(read.source, "j.json (the journal had dropped its 12 oldest requests)");
  EXPECT_TRUE(read.exchanges.empty());
}

TEST(JournalReader, BrokenJournalsNameTheFileAndThePointer) {
  const std::string ok = R"("method": "GET", "path": "/a", "status": 200, "time": 1)";
  EXPECT_EQ(error_of("{"),
            "journal.json: not valid JSON: parse error at line 1, column 2: syntax error while "
            "parsing object key - unexpected end of input; expected string literal");
  EXPECT_EQ(error_of(R"({"requests": {}})"), "journal.json: /requests: must be an array");
  EXPECT_EQ(error_of(R"({"nothing": []})"),
            "journal.json: /requests: missing (a journal is {\"requests\": [...], \"dropped\": N})");
  EXPECT_EQ(error_of(R"("text")"),
            "journal.json: /: must be a journal: {\"requests\": [...]} or an array of requests");
  EXPECT_EQ(error_of(R"({"requests": [{"path": "/a", "status": 200, "time": 1}]})"),
            "journal.json: /requests/0/method: missing");
  EXPECT_EQ(error_of(R"([{"method": "GET", "path": "/a", "status": "200", "time": 1}])"),
            "journal.json: /0/status: must be an integer");
  EXPECT_EQ(error_of(R"([{"method": "GET", "path": "/a", "status": 42, "time": 1}])"),
            "journal.json: /0/status: must be 0 (no answer) or an HTTP status (100-999)");
  EXPECT_EQ(error_of(R"([{"method": "GET", "path": "a", "status": 200, "time": 1}])"),
            "journal.json: /0/path: must start with /");
  EXPECT_EQ(error_of(R"([{"method": "GET", "path": "/a", "status": 200}])"),
            "journal.json: /0/time: missing (seconds on the world's clock)");
  EXPECT_EQ(error_of("[{" + ok + R"(, "states": ["INIT"]}])"), "journal.json: /0/states: must be a string");
  EXPECT_EQ(error_of("[{" + ok + R"(}, {)" + ok + R"(, "base64": {"body": "!!"}}])"),
            "journal.json: /1/base64/body: is not valid base64");
  EXPECT_EQ(error_of("[{" + ok + R"(, "headers": {"a~b/c": 1}}])"),
            "journal.json: /0/headers/a~0b~1c: must be a string");
  EXPECT_EQ(error_of("[{" + ok + R"(, "base64": {"headers": {"x": "*"}}, "headers": {"x": "?"}}])"),
            "journal.json: /0/base64/headers/x: is not valid base64");
  EXPECT_EQ(error_of(R"({"dropped": -1, "requests": []})"), "journal.json: /dropped: must not be negative");
}

}  // namespace
