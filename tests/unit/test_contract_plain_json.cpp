// parse_plain_json (Boost.JSON for response bodies) against nlohmann's parse, which res.json and conforms
// were built on: where it gives a value, the value and every schema's violations are nlohmann's; where
// Boost.JSON or valijson's Boost.JSON adapter would read a body otherwise, it gives none and nlohmann's parse
// is taken.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/value.hpp>
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"
#include "harness/contract/plain_json.hpp"

namespace {

using harness::contract::FixtureStore;
using harness::contract::parse_plain_json;
using harness::contract::to_nlohmann;
using harness::contract::Violation;

std::vector<std::string> texts(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(v.text());
  return out;
}

// The same JSON types all the way down (== takes 1 for 1.0; dump() writes unsigned and signed alike).
std::string types(const nlohmann::json& value) {
  std::string out = value.type_name();
  if (value.is_number_unsigned()) out = "unsigned";
  if (value.is_number_float()) out = "float";
  if (value.is_structured()) {
    out += "(";
    for (const auto& item : value.items()) out += item.key() + ":" + types(item.value()) + ",";
    out += ")";
  }
  return out;
}

// Schemas of our own, beside the real fixtures.
class PlainJson : public ::testing::Test {
 protected:
  PlainJson()
      : root_(std::filesystem::temp_directory_path() / ("harness-plain-json-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(root_ / "own");
    std::ofstream(root_ / "own" / "minimum.schema.json") << R"({"properties": {"n": {"minimum": 0}}})";
    std::ofstream(root_ / "own" / "enum.schema.json") << R"({"properties": {"t": {"enum": ["a"]}}})";
  }
  ~PlainJson() override { std::filesystem::remove_all(root_); }

  // parse_plain_json took `text`: its value and its violations against `schemas` are nlohmann's.
  void same_as_nlohmann(const std::string& text,
                        const std::vector<std::pair<const FixtureStore*, std::string>>& schemas) {
    const auto plain = parse_plain_json(text, 64);
    ASSERT_TRUE(plain.has_value()) << text;
    const auto old = nlohmann::json::parse(text);
    const auto converted = to_nlohmann(*plain);
    EXPECT_EQ(converted.dump(), old.dump()) << text;
    EXPECT_EQ(types(converted), types(old)) << text;
    for (const auto& [store, name] : schemas)
      EXPECT_EQ(texts(store->check_plain(name, *plain)), texts(store->check(name, old)))
          << name << ": " << text;
  }

  std::filesystem::path root_;
  FixtureStore fixtures{std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures"};
  FixtureStore own{root_};
};

TEST_F(PlainJson, JobStatusBodiesReadAsNlohmannReadsThem) {
  for (
      const std::string text : {
          R"({"status":"SUCCESS","entities":{"server_group_id":"a"},"job_id":"0000000062db92d70162db9d200f000a",)"
          R"("job_type":"createProtectionGroupNoCG","begin_time":"2018-04-19T01:55:30.443Z",)"
          R"("end_time":"2018-04-19T01:55:45.493Z","error_code":null,"fail_reason":null})",
          R"({"status":"DONE","entities":{"sub_jobs":[{"status":1}]},"job_id":5,"begin_time":"yesterday"})",
          R"({"status":"RUNNING","status":"FAIL","entities":[],"job_id":"\u00e9\ud83d\ude00","extra":[1,-2,3.5,true]})",
          R"([1, 2.0, -1, -0.0, 1e2, 9223372036854775807, -9223372036854775808, 18446744073709551616])",
          " {\"a\" : {\"b\" : [ {} , [] ]}} \n",
      })
    same_as_nlohmann(text, {{&fixtures, "sdrs/job_status"}, {&fixtures, "kps/running_tasks"}});
}

TEST_F(PlainJson, DoublesAreTheNearestNotBoostsOwnReading) {
  // Boost.JSON 1.81 reads these a double off (the last: infinity); nlohmann's strtod does not.
  same_as_nlohmann(R"([1.2345678901234567890123e-300, 179769313486231580793728971405301e276, 0.1])", {});
}

TEST_F(PlainJson, WhatWouldReadOtherwiseIsLeftToNlohmann) {
  for (const std::string text : {
           R"({"n":9223372036854775808})",  // nlohmann's unsigned; valijson wraps it to a negative integer
           R"({"t":"a\u0000"})",            // the Boost.JSON adapter cuts strings at a NUL
           R"({"a\u0000":1})",              // and keys
           R"(-0)",                         // nlohmann's signed 0, where Boost.JSON has no sign to tell
           R"({"x":1e999})",                // nlohmann refuses what overflows
           R"({"x":1e-400})",               // from_chars calls the underflow out of range; strtod gives 0
           "\xef\xbb\xbf{}",                // nlohmann skips a byte order mark
           R"({"s":"\ud800"})",
           "{\"s\":\"\xed\xa0\x80\"}",
           "{} x",
           "[1,]",
           " ",
           "",
       })
    EXPECT_FALSE(parse_plain_json(text, 64).has_value()) << text;
  // Where Boost.JSON would have read them, these two would conform.
  EXPECT_EQ(texts(own.check("own/minimum", nlohmann::json::parse(R"({"n":9223372036854775808})"))),
            std::vector<std::string>{"/n: Expected number greater than or equal to 0.000000"});
  EXPECT_EQ(texts(own.check("own/enum", nlohmann::json::parse(R"({"t":"a\u0000"})"))).size(), 1u);
}

TEST_F(PlainJson, NestingBeyondTheLimitIsLeftToNlohmann) {
  const auto nested = [](int levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  EXPECT_TRUE(parse_plain_json(nested(64), 64).has_value());
  EXPECT_FALSE(parse_plain_json(nested(65), 64).has_value());
}

}  // namespace
