// Loading fixtures: missing files, invalid JSON and broken schemas are reported with file and JSON pointer.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"

namespace {

using harness::contract::FixtureError;
using harness::contract::FixtureStore;
using nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures";

// A fresh directory per test, removed afterwards.
class TempFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir = std::filesystem::temp_directory_path() /
          ("harness_contract_" + std::to_string(stamp) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir / "svc");
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
  std::string file(const std::string& name) const { return (dir / name).generic_string(); }

  // The FixtureError that checking against svc/x.schema.json (written from text) throws.
  FixtureError schema_error(const std::string& text) {
    write("svc/x.schema.json", text);
    FixtureStore store(dir);
    try {
      store.check("svc/x", json::object());
    } catch (const FixtureError& e) {
      return e;
    }
    ADD_FAILURE() << "no FixtureError for schema " << text;
    return FixtureError("", "", "");
  }

  std::filesystem::path dir;
};

TEST(Fixtures, LoadsThePageExamples) {
  FixtureStore store(kFixtures);
  const json body = store.load("sdrs/job_status_subjobs.example");
  EXPECT_EQ(body["job_type"], "stopProtectionGroupNoCG");
  EXPECT_EQ(body["entities"]["sub_jobs"][1]["job_id"], "ff8080826b45d4a5016b50362870002b");
  EXPECT_TRUE(body["error_code"].is_null());
  EXPECT_EQ(store.load("sdrs/error.example"),
            json::parse(R"({"error": {"message": "XXXX", "code": "XXX"}})"));
}

TEST(Fixtures, MissingFixtureNamesTheFile) {
  FixtureStore store(kFixtures);
  try {
    store.load("sdrs/no_such_thing");
    FAIL() << "no FixtureError";
  } catch (const FixtureError& e) {
    const std::string expected = (kFixtures / "sdrs/no_such_thing.json").generic_string();
    EXPECT_EQ(e.file(), expected);
    EXPECT_EQ(e.pointer(), "");
    EXPECT_EQ(std::string(e.what()), expected + ": no such fixture file");
  }
}

TEST(Fixtures, MissingSchemaNamesTheSchemaFile) {
  FixtureStore store(kFixtures);
  try {
    store.check("sdrs/no_such_schema", json::object());
    FAIL() << "no FixtureError";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), (kFixtures / "sdrs/no_such_schema.schema.json").generic_string());
    EXPECT_NE(std::string(e.what()).find("no_such_schema.schema.json"), std::string::npos);
  }
}

TEST_F(TempFixtures, InvalidJsonNamesFileLineColumnAndPointer) {
  write("svc/bad.json", "{\n  \"a\": {\n    \"b\": tru\n  }\n}\n");
  FixtureStore store(dir);
  try {
    store.load("svc/bad");
    FAIL() << "no FixtureError";
  } catch (const FixtureError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.file(), file("svc/bad.json"));
    EXPECT_EQ(e.pointer(), "/a/b");
    EXPECT_EQ(what.rfind(file("svc/bad.json") + ": /a/b: invalid JSON at line 3, column ", 0), 0u) << what;
  }
}

TEST_F(TempFixtures, TruncatedJsonPointsIntoTheArray) {
  write("svc/cut.json", "{\"items\": [1, 2,");
  FixtureStore store(dir);
  try {
    store.load("svc/cut");
    FAIL() << "no FixtureError";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.pointer(), "/items/2");
    EXPECT_NE(std::string(e.what()).find("line 1, column 16"), std::string::npos) << e.what();
  }
}

TEST_F(TempFixtures, DuplicateKeyIsAnError) {
  write("svc/dup.json", R"({"a": {"k": 1, "k": 2}})");
  FixtureStore store(dir);
  try {
    store.load("svc/dup");
    FAIL() << "no FixtureError";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.pointer(), "/a/k");
    EXPECT_NE(std::string(e.what()).find("duplicate key \"k\""), std::string::npos) << e.what();
  }
}

TEST_F(TempFixtures, InvalidJsonSchemaFileIsReportedLikeAnyFixture) {
  const auto e = schema_error("{\"type\": \"object\",\n \"properties\": {\"a\": }}");
  EXPECT_EQ(e.file(), file("svc/x.schema.json"));
  EXPECT_EQ(e.pointer(), "/properties/a");
  EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
}

TEST_F(TempFixtures, EmptyEnumNamesFileAndPointer) {
  const auto e =
      schema_error(R"({"type": "object", "properties": {"status": {"type": "string", "enum": []}}})");
  EXPECT_EQ(e.file(), file("svc/x.schema.json"));
  EXPECT_EQ(e.pointer(), "/properties/status/enum");
  EXPECT_EQ(std::string(e.what()),
            file("svc/x.schema.json") + ": /properties/status/enum: must be a non-empty array");
}

struct BrokenSchema {
  const char* text;
  const char* pointer;
  const char* reason_part;
};

class BrokenSchemas : public TempFixtures, public ::testing::WithParamInterface<BrokenSchema> {};

TEST_P(BrokenSchemas, AreReportedWithThePointerOfTheKeyword) {
  const auto e = schema_error(GetParam().text);
  EXPECT_EQ(e.pointer(), GetParam().pointer) << e.what();
  EXPECT_NE(std::string(e.what()).find(GetParam().reason_part), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).rfind(file("svc/x.schema.json") + ": ", 0), 0u) << e.what();
}

INSTANTIATE_TEST_SUITE_P(
    Lint, BrokenSchemas,
    ::testing::Values(
        BrokenSchema{R"([1, 2])", "", "must hold a JSON object"},
        BrokenSchema{R"({"type": "strin"})", "/type", "\"strin\" is not a type name"},
        BrokenSchema{R"({"properties": {"a": {"type": ["string", 5]}}})", "/properties/a/type/1",
                     "not a type name"},
        BrokenSchema{R"({"properties": []})", "/properties", "must be an object of schemas"},
        BrokenSchema{R"({"properties": {"a": "string"}})", "/properties/a", "must be a schema"},
        BrokenSchema{R"({"required": ["a", 3]})", "/required/1", "must be a string"},
        BrokenSchema{R"({"required": "a"})", "/required", "must be an array of strings"},
        BrokenSchema{R"({"properties": {"t": {"pattern": "(unclosed"}}})", "/properties/t/pattern",
                     "not a valid ECMAScript regular expression"},
        // Found by fuzz_contract: libstdc++'s regex compiler overflowed an int on these (undefined
        // behaviour).
        BrokenSchema{R"({"properties": {"t": {"pattern": "^\\d{4,99999999999}$"}}})", "/properties/t/pattern",
                     "too large for the validator"},
        BrokenSchema{R"({"patternProperties": {"(a)\\12345678901": {}}})",
                     "/patternProperties/(a)\\12345678901", "too large for the validator"},
        BrokenSchema{R"({"items": 3})", "/items", "must be a schema"},
        BrokenSchema{R"({"properties": {"s": {"$ref": "#/definitions/nope"}}})", "/properties/s/$ref",
                     "does not resolve"},
        BrokenSchema{R"({"properties": {"s": {"$ref": "other.json#/a"}}})", "/properties/s/$ref",
                     "not a local reference"},
        BrokenSchema{
            R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}})",
            "/definitions/a/$ref", "circular"},
        BrokenSchema{R"({"definitions": {"a/b": {"minLength": -1}}})", "/definitions/a~1b/minLength",
                     "non-negative integer"},
        BrokenSchema{R"({"anyOf": []})", "/anyOf", "non-empty array of schemas"}));

TEST_F(TempFixtures, ValidatorRejectionsAreWrappedWithTheFile) {
  // divisibleBy is unknown to our checks (draft 3) but valijson refuses it in a draft-07 schema.
  const auto e = schema_error(R"({"divisibleBy": 2})");
  EXPECT_EQ(e.file(), file("svc/x.schema.json"));
  EXPECT_NE(std::string(e.what()).find("divisibleBy"), std::string::npos) << e.what();
}

TEST_F(TempFixtures, UnknownKeywordsAreAllowed) {
  write("svc/x.schema.json", R"({"x-owner": {"type": 5}, "$comment": "fine", "type": "object"})");
  FixtureStore store(dir);
  EXPECT_TRUE(store.check("svc/x", json::object()).empty());
}

TEST_F(TempFixtures, PointersEscapeSlashAndTilde) {
  write("svc/x.schema.json", R"({"properties": {"a/b~c": {"type": "string"}}})");
  FixtureStore store(dir);
  const auto violations = store.check("svc/x", json{{"a/b~c", true}});
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].text(), "/a~1b~0c: true is a boolean, expected string");
}

TEST_F(TempFixtures, OtherKeywordsGetReadableReasons) {
  write("svc/x.schema.json", R"({
    "type": "object", "additionalProperties": false,
    "properties": {
      "n": {"type": "integer", "minimum": 1, "maximum": 10},
      "s": {"type": "string", "minLength": 2},
      "l": {"type": "array", "maxItems": 1}
    }})");
  FixtureStore store(dir);
  const auto violations = store.check("svc/x", json{{"n", 11}, {"s", "a"}, {"l", {1, 2}}, {"extra", 1}});
  std::vector<std::string> texts;
  for (const auto& v : violations) texts.push_back(v.text());
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "unexpected property \"extra\"",
                       "/l: the array has 2 items, more than the maximum 1",
                       "/n: 11 is greater than the maximum 10",
                       "/s: \"a\" is shorter than 2 characters",
                   }));
}

TEST_F(TempFixtures, FailedLoadsAreNotCached) {
  FixtureStore store(dir);
  EXPECT_THROW(store.check("svc/x", json::object()), FixtureError);
  write("svc/x.schema.json", R"({"type": "object"})");
  EXPECT_TRUE(store.check("svc/x", json::object()).empty());
}

}  // namespace
