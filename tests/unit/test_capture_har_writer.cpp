// write_har: every member HAR 1.2 requires, in the types it requires; times from the base time; a body that
// is not UTF-8 as base64 that decodes to the same bytes; the query decoded; secrets redacted by default and
// kept when asked; a failed exchange as status 0 with `_error`; a capture without an origin refused.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/capture/har_writer.hpp"

using namespace harness::capture;
using Json = nlohmann::json;

namespace {

const std::string kBinary = std::string("\x89PNG\r\n\x1a\n\x00\xff", 10);

Capture sample() {
  Capture capture;
  capture.source = "test";
  capture.origin = "https://sdrs.example.com:443";
  CapturedExchange poll;
  poll.target = "/v1/p1/jobs/j1?limit=10&name=a%20b&flag";
  poll.request_headers = {{"Host", "sdrs.example.com"},
                          {"X-Auth-Token", "tok-secret"},
                          {"Cookie", "session=abc; theme=dark"},
                          {"X-Tenant", "tenant-secret"}};
  poll.status = 200;
  poll.response_headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "id=xyz; Path=/; HttpOnly"}};
  poll.response_body = R"({"status":"RUNNING"})";
  poll.started_ms = 0;
  poll.duration_ms = 12.5;
  CapturedExchange upload;
  upload.method = "POST";
  upload.target = "/v1/p1/blobs";
  upload.request_headers = {{"Content-Type", "application/octet-stream"}, {"Authorization", "AK/SK sig"}};
  upload.request_body = kBinary;
  upload.status = 201;
  upload.response_headers = {{"Content-Type", "image/png"}};
  upload.response_body = kBinary;
  upload.started_ms = 1500.25;
  upload.duration_ms = 3;
  CapturedExchange failed;
  failed.target = "/v1/p1/jobs/j1";
  failed.status = 0;
  failed.failure = "reset";
  failed.started_ms = 2000;
  CapturedExchange no_body;  // a capture that kept the status but not the body
  no_body.target = "/v1/p1/jobs/j2";
  no_body.status = 404;
  no_body.started_ms = 2500;
  capture.exchanges = {poll, upload, failed, no_body};
  return capture;
}

std::string base64_decode(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return "<not base64>";
  out.resize(static_cast<std::size_t>(n));
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(out.size() - padding);
  return out;
}

// HAR 1.2's required members (http://www.softwareishard.com/blog/har-12-spec/), with their JSON types.
void expect_members(const Json& object, const std::string& where,
                    std::initializer_list<std::pair<const char*, Json::value_t>> members) {
  ASSERT_TRUE(object.is_object()) << where << " is not an object";
  for (const auto& [name, type] : members) {
    ASSERT_TRUE(object.contains(name)) << where << " lacks " << name;
    const auto& value = object[name];
    const bool number = type == Json::value_t::number_float;
    EXPECT_TRUE(number ? value.is_number() : value.type() == type) << where << "." << name << " is " << value;
  }
}

void expect_name_values(const Json& list, const std::string& where) {
  ASSERT_TRUE(list.is_array()) << where;
  for (const auto& item : list)
    expect_members(item, where + "[]", {{"name", Json::value_t::string}, {"value", Json::value_t::string}});
}

void expect_har_1_2(const Json& har) {
  using T = Json::value_t;
  expect_members(har, "", {{"log", T::object}});
  const auto& log = har["log"];
  expect_members(log, "log", {{"version", T::string}, {"creator", T::object}, {"entries", T::array}});
  EXPECT_EQ(log["version"], "1.2");
  expect_members(log["creator"], "log.creator", {{"name", T::string}, {"version", T::string}});
  for (const auto& entry : log["entries"]) {
    expect_members(entry, "entry",
                   {{"startedDateTime", T::string},
                    {"time", T::number_float},
                    {"request", T::object},
                    {"response", T::object},
                    {"cache", T::object},
                    {"timings", T::object}});
    const auto& request = entry["request"];
    expect_members(request, "request",
                   {{"method", T::string},
                    {"url", T::string},
                    {"httpVersion", T::string},
                    {"cookies", T::array},
                    {"headers", T::array},
                    {"queryString", T::array},
                    {"headersSize", T::number_float},
                    {"bodySize", T::number_float}});
    expect_name_values(request["headers"], "request.headers");
    expect_name_values(request["queryString"], "request.queryString");
    expect_name_values(request["cookies"], "request.cookies");
    if (request.contains("postData"))
      expect_members(request["postData"], "postData", {{"mimeType", T::string}, {"text", T::string}});
    const auto& response = entry["response"];
    expect_members(response, "response",
                   {{"status", T::number_float},
                    {"statusText", T::string},
                    {"httpVersion", T::string},
                    {"cookies", T::array},
                    {"headers", T::array},
                    {"content", T::object},
                    {"redirectURL", T::string},
                    {"headersSize", T::number_float},
                    {"bodySize", T::number_float}});
    expect_name_values(response["headers"], "response.headers");
    expect_members(response["content"], "content", {{"size", T::number_float}, {"mimeType", T::string}});
    expect_members(entry["timings"], "timings",
                   {{"send", T::number_float}, {"wait", T::number_float}, {"receive", T::number_float}});
  }
}

std::string header(const Json& headers, const std::string& name) {
  for (const auto& h : headers)
    if (h["name"] == name) return h["value"];
  return "<absent>";
}

}  // namespace

TEST(HarWriter, WritesEveryMemberHar12Requires) {
  HarOptions options;
  options.started = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764628877123));
  const auto har = Json::parse(write_har(sample(), options));
  expect_har_1_2(har);
  EXPECT_EQ(har["log"]["creator"]["name"], "harness");
  EXPECT_EQ(har["log"]["creator"]["version"], HARNESS_VERSION);
  const auto& entries = har["log"]["entries"];
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0]["startedDateTime"], "2025-12-01T22:41:17.123Z");
  EXPECT_EQ(entries[1]["startedDateTime"], "2025-12-01T22:41:18.623Z");  // + 1500.25 ms
  EXPECT_EQ(entries[0]["time"], 12.5);
  EXPECT_EQ(entries[0]["timings"]["wait"], 12.5);
  EXPECT_EQ(entries[0]["request"]["url"],
            "https://sdrs.example.com:443/v1/p1/jobs/j1?limit=10&name=a%20b&flag");
  EXPECT_EQ(
      entries[0]["request"]["queryString"],
      Json::parse(
          R"([{"name":"limit","value":"10"},{"name":"name","value":"a b"},{"name":"flag","value":""}])"));
  EXPECT_FALSE(entries[0]["request"].contains("postData")) << "a GET without a body has no postData";
  EXPECT_EQ(entries[0]["response"]["statusText"], "OK");
  EXPECT_EQ(entries[0]["response"]["content"]["text"], R"({"status":"RUNNING"})");
  EXPECT_FALSE(entries[0]["response"]["content"].contains("encoding"));
  EXPECT_EQ(entries[0]["response"]["bodySize"], 20);
}

TEST(HarWriter, ABodyThatIsNotUtf8GoesAsBase64OfTheSameBytes) {
  const auto har = Json::parse(write_har(sample()));
  const auto& upload = har["log"]["entries"][1];
  const auto& content = upload["response"]["content"];
  EXPECT_EQ(content["encoding"], "base64");
  EXPECT_EQ(content["size"], kBinary.size());
  EXPECT_EQ(base64_decode(content["text"]), kBinary);
  EXPECT_EQ(content["mimeType"], "image/png");
  const auto& post = upload["request"]["postData"];
  EXPECT_EQ(post["mimeType"], "application/octet-stream");
  EXPECT_EQ(post["encoding"], "base64");
  EXPECT_EQ(base64_decode(post["text"]), kBinary);
  EXPECT_EQ(upload["request"]["bodySize"], kBinary.size());
}

TEST(HarWriter, AFailedExchangeIsStatusZeroWithItsError) {
  const auto har = Json::parse(write_har(sample()));
  const auto& failed = har["log"]["entries"][2]["response"];
  EXPECT_EQ(failed["status"], 0);
  EXPECT_EQ(failed["_error"], "reset");
  EXPECT_EQ(failed["bodySize"], -1);
  EXPECT_FALSE(failed["content"].contains("text"));
  const auto& no_body = har["log"]["entries"][3]["response"];
  EXPECT_EQ(no_body["status"], 404);
  EXPECT_FALSE(no_body.contains("_error"));
  EXPECT_FALSE(no_body["content"].contains("text")) << "a body the capture does not have is not an empty one";
  EXPECT_EQ(no_body["bodySize"], -1);
}

TEST(HarWriter, SecretsAreRedactedUnlessAskedNotTo) {
  HarOptions options;
  options.redact = {"x-tenant"};
  const std::string text = write_har(sample(), options);
  for (const char* secret : {"tok-secret", "abc", "xyz", "AK/SK sig", "tenant-secret"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " landed in the HAR";
  const auto har = Json::parse(text);
  const auto& poll = har["log"]["entries"][0];
  EXPECT_EQ(header(poll["request"]["headers"], "X-Auth-Token"), "<redacted>");
  EXPECT_EQ(header(poll["request"]["headers"], "X-Tenant"), "<redacted>");
  EXPECT_EQ(header(poll["request"]["headers"], "Host"), "sdrs.example.com");
  EXPECT_EQ(
      poll["request"]["cookies"],
      Json::parse(R"([{"name":"session","value":"<redacted>"},{"name":"theme","value":"<redacted>"}])"));
  EXPECT_EQ(poll["response"]["cookies"], Json::parse(R"([{"name":"id","value":"<redacted>"}])"));
  EXPECT_EQ(header(har["log"]["entries"][1]["request"]["headers"], "Authorization"), "<redacted>");

  options.redact_secrets = false;
  const auto kept = Json::parse(write_har(sample(), options));
  EXPECT_EQ(header(kept["log"]["entries"][0]["request"]["headers"], "X-Auth-Token"), "tok-secret");
  EXPECT_EQ(kept["log"]["entries"][0]["request"]["cookies"][0]["value"], "abc");
}

TEST(HarWriter, ACaptureWithoutAnOriginIsRefused) {
  Capture capture = sample();
  capture.origin.clear();
  EXPECT_THROW(write_har(capture), CaptureError);
}
