// The client's handling of raw response bytes, without a socket: Beast's response parser fed from the input
// (as a GET and as a HEAD, whose body is skipped), then what HttpClient::send keeps of a response (status,
// headers, body, also when only the head arrived), the body read as JSON as http.* does, the transcript, and
// the transcript carried into a JUnit report, which must stay well-formed XML.
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>

#include "fuzz/well_formed_xml.hpp"
#include "harness/client/exchange.hpp"
#include "harness/report/junit_writer.hpp"

namespace {

namespace http = boost::beast::http;
namespace client = harness::client;
namespace report = harness::report;

client::Exchange exchange_from(const std::uint8_t* data, std::size_t size, bool head) {
  client::Exchange exchange;
  exchange.method = head ? "HEAD" : "GET";
  exchange.url = "http://127.0.0.1:8080/v1/p1/jobs/abc";
  exchange.target = "/v1/p1/jobs/abc";
  exchange.request_headers = {{"Host", "127.0.0.1:8080"}, {"X-Auth-Token", "fuzz-secret"}, {"Accept", "*/*"}};

  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);  // ClientOptions::response_body_limit
  if (head) parser.skip(true);
  boost::asio::const_buffer rest(data, size);
  boost::beast::error_code ec;
  while (!ec && !parser.is_done() && rest.size() > 0) {
    const std::size_t used = parser.put(rest, ec);
    rest += used;
    if (ec == http::error::need_more) ec = {};
    if (used == 0 && !ec) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);  // the server closed the connection

  if (parser.is_header_done()) {  // as send(): keep what did arrive, even when the body did not
    const auto& response = parser.get();
    exchange.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
      exchange.response_headers.emplace_back(field.name_string(), field.value());
    exchange.response_body = response.body();
  }
  if (ec) {
    exchange.error = ec == http::error::partial_message ? client::TransportError::truncated
                                                        : client::TransportError::protocol;
    exchange.error_message = "read: " + ec.message();
  }
  return exchange;
}

void check(const client::Exchange& exchange) {
  const auto json = nlohmann::json::parse(exchange.response_body, nullptr, false);
  if (!json.is_discarded()) (void)json.dump();
  const std::string transcript = exchange.transcript(64);
  if (transcript.find("fuzz-secret") != std::string::npos &&
      exchange.response_body.find("fuzz-secret") == std::string::npos) {
    bool in_headers = false;
    for (const auto& [name, value] : exchange.response_headers)
      in_headers = in_headers || name.find("fuzz-secret") != std::string::npos ||
                   value.find("fuzz-secret") != std::string::npos;
    if (!in_headers) std::abort();  // the request's token leaked into the transcript
  }

  report::RunResult run;
  report::SuiteResult suite;
  suite.file = "scenarios/fuzz.lua";
  suite.timestamp = "2026-01-01T00:00:00";
  report::CaseResult result;
  result.name = "response " + std::to_string(exchange.status);
  result.outcome = report::Outcome::failed;
  result.type = "expectation";
  result.message = "scenarios/fuzz.lua:1: expected 200, got " + std::to_string(exchange.status);
  result.detail = result.message + "\n\n" + transcript;
  result.output = exchange.transcript();
  suite.cases.push_back(result);
  run.suites.push_back(suite);
  pugi::xml_document document;
  harness::fuzz::require_well_formed(report::render_junit(run, {.hostname = "fuzz"}), document);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(exchange_from(data, size, false));
  check(exchange_from(data, size, true));
  return 0;
}
