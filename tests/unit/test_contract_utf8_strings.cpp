// first_string_not_utf8 walks a value that passes without building a pointer per node, and only a value that
// fails gets the walk that names the string: the answers must be those of that naming walk alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/contract/utf8_strings.hpp"

namespace {

using harness::contract::first_string_not_utf8;
using nlohmann::json;

const std::string kBad = "\xC3(";  // a lead byte without its continuation

TEST(Utf8Strings, AsciiAndWellFormedUtf8Pass) {
  EXPECT_EQ(first_string_not_utf8(json::parse(R"({"a": ["x", {"b": "y"}], "c": 1, "d": null})")),
            std::nullopt);
  EXPECT_EQ(first_string_not_utf8(json{{"caf\xC3\xA9", "\xE2\x82\xAC \xF0\x9F\x98\x80"}}), std::nullopt);
  EXPECT_EQ(first_string_not_utf8(json("")), std::nullopt);
}

TEST(Utf8Strings, BrokenBytesAreFoundWhereverTheyAre) {
  EXPECT_EQ(first_string_not_utf8(json(kBad)), "");
  EXPECT_EQ(first_string_not_utf8(json{{"a", json::array({"ok", kBad})}}), "/a/1");
  EXPECT_EQ(first_string_not_utf8(json{{"a/b~c", {{"d", kBad}}}}), "/a~1b~0c/d");
  EXPECT_EQ(first_string_not_utf8(json{{"k" + kBad, 1}}), "/k" + kBad);  // a key
  // Non-ASCII but well-formed bytes beside a broken one: only the broken one is named.
  EXPECT_EQ(first_string_not_utf8(json{{"a", "\xC3\xA9"}, {"b", "\xED\xA0\x80"}}), "/b");  // a surrogate
  EXPECT_EQ(first_string_not_utf8(json{{"a", "\xC0\xAF"}}), "/a");                         // overlong
}

TEST(Utf8Strings, TheFirstInDocumentOrderIsNamed) {
  json value = {{"a", {{"x", "fine"}, {"y", kBad}}}, {"b", kBad}, {"c", json::array({kBad})}};
  EXPECT_EQ(first_string_not_utf8(value), "/a/y");
  value["a"]["y"] = "fine";
  EXPECT_EQ(first_string_not_utf8(value), "/b");
  value.erase("b");
  EXPECT_EQ(first_string_not_utf8(value), "/c/0");
}

}  // namespace
