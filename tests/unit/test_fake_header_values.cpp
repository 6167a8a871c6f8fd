// Header values the fake sends hold no CR, LF or other control byte: the scenario's own (a job's, a fault's,
// an answer's, the world's, a content type) are refused naming the field, and a request's bytes that a
// declared answer's placeholders put in a header are percent-encoded, so that no client can split the answer
// or add a header. Path values in placeholders are decoded, as a handler reads them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "tests/unit/fake_test_helpers.hpp"

namespace {

using nlohmann::json;
namespace fake = harness::fake;

using fake_test::error_of;
using fake_test::get;

std::string header(const fake::HeaderList& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return "(none)";
}

constexpr const char* kRefused = "must not hold CR, LF or another control character";

TEST(HeaderValues, AScenariosHeaderWithALineBreakIsRefusedNamingTheField) {
  const json split = {{"X-A", "a\r\nX-Injected: 1"}};
  EXPECT_NE(error_of([&] {
              fake::job_spec(json{{"job_type", "t"}, {"timeline", {"SUCCESS"}}, {"headers", split}}, "p1");
            }).find("headers.X-A: " + std::string(kRefused)),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fake::fault_spec(json{{"status", 503}, {"headers", split}});
            }).find("headers.X-A: "),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fake::endpoint_spec(json{{"path", "/x"}, {"answers", {{{"headers", {{"X-B", "a\nb"}}}}}}});
            }).find("answers[1].headers.X-B: "),
            std::string::npos);
  fake::WorldOptions options;
  EXPECT_NE(error_of([&] {
              fake::apply_options(json{{"headers", {{"X-C", std::string("a\0b", 3)}}}}, options);
            }).find("headers.X-C: "),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fake::fault_spec(json{{"status", 503}, {"content_type", "text/plain\r\nX: 1"}});
            }).find("content_type: "),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              fake::endpoint_spec(json{{"path", "/x"}, {"answers", {{{"content_type", "a\nb"}}}}});
            }).find("answers[1].content_type: "),
            std::string::npos);
  EXPECT_NE(
      error_of([&] {
        fake::job_spec(json{{"job_type", "t"}, {"timeline", {"SUCCESS"}}, {"headers", {{"X Y", "1"}}}}, "p1");
      }).find("is not a header name"),
      std::string::npos);
  // A tab is a header value's own whitespace, and bytes above 0x7f are obs-text: both pass.
  EXPECT_EQ(error_of([&] {
              fake::job_spec(
                  json{{"job_type", "t"}, {"timeline", {"SUCCESS"}}, {"headers", {{"X-T", "a\tb\xc3\xa9"}}}},
                  "p1");
            }),
            "(no error)");
}

TEST(HeaderValues, ARequestsBytesInADeclaredHeaderArePercentEncodedAndPathValuesDecoded) {
  fake::World world;
  world.declare_endpoint(fake::endpoint_spec(json::parse(R"({"path": "/v1/{project_id}/things/{thing}",
    "answers": [{"body": {"id": "{thing}"}, "headers": {"X-Echo": "{query.x}", "X-Thing": "{thing}"}}]})")));
  const auto answer = fake::route(world, get("/v1/p1/things/a%0d%0aX-Bad:%201?x=b%0d%0aX-Injected:%20yes"));
  EXPECT_EQ(header(answer.scenario_headers, "X-Echo"), "b%0D%0AX-Injected: yes");
  EXPECT_EQ(header(answer.scenario_headers, "X-Thing"), "a%0D%0AX-Bad: 1");
  EXPECT_EQ(json::parse(answer.body)["id"], "a\r\nX-Bad: 1") << "the body has the path's value, decoded";
  const auto spaced = fake::route(world, get("/v1/p1/things/a%20b"));
  EXPECT_EQ(json::parse(spaced.body)["id"], "a b");
  EXPECT_EQ(header(spaced.scenario_headers, "X-Thing"), "a b");
  const auto not_encoding = fake::route(world, get("/v1/p1/things/100%"));
  EXPECT_EQ(json::parse(not_encoding.body)["id"], "100%") << "not percent-encoding: as sent";
}

}  // namespace
