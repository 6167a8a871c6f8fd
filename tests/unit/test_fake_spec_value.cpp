// The spec module's neutral value (fake/spec_value.hpp): the JSON door's tree holds every value as JSON
// means it, with its members sorted, and hands the very value back for fields served as given.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/fake/spec.hpp"
#include "harness/fake/spec_value.hpp"

namespace {

using nlohmann::json;
namespace fake = harness::fake;
using Type = fake::SpecValue::Type;

TEST(FakeSpecValue, AJsonValueReadsAsItsTree) {
  const json body =
      json::parse(R"({"z": [1, 2.5, "three", null, true, {}], "a": {"inner": "x"}, "m": false})");
  const fake::SpecTree tree(body);
  const auto root = tree.root();
  ASSERT_TRUE(root.is_object());
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root[0].key(), "a");  // by name, as nlohmann::json keeps them
  EXPECT_EQ(root[1].key(), "m");
  EXPECT_EQ(root[2].key(), "z");
  const auto list = root.find("z");
  ASSERT_TRUE(list && list->is_list());
  ASSERT_EQ(list->size(), 6u);
  EXPECT_TRUE((*list)[0].is_number());
  EXPECT_EQ((*list)[0].number(), 1);
  EXPECT_EQ((*list)[1].number(), 2.5);
  EXPECT_EQ((*list)[2].string(), "three");
  EXPECT_TRUE((*list)[3].is_null());
  EXPECT_TRUE((*list)[4].is_boolean() && (*list)[4].boolean());
  EXPECT_TRUE((*list)[5].is_object() && (*list)[5].empty());
  EXPECT_FALSE(root.find("m")->boolean());
  EXPECT_EQ(root.find("a")->find("inner")->string(), "x");
  EXPECT_FALSE(root.find("nothing"));
  EXPECT_FALSE((*list)[2].find("three"));  // only an object has members
  EXPECT_EQ(root.json(), body);
  EXPECT_EQ(list->json(), body["z"]);
}

TEST(FakeSpecValue, ATreeLaidByHandReadsAsJson) {
  // What a door other than JSON's lays down (harness/script's Lua tables): values by type, names kept.
  fake::SpecTree tree;
  const auto root = tree.add_nodes(1);
  const auto members = tree.add_nodes(3);
  tree.node(root).type = Type::object;
  tree.node(root).first = members;
  tree.node(root).count = 3;
  tree.node(members).key = "n";
  tree.node(members).type = Type::integer;
  tree.node(members).integer = 7;
  tree.node(members + 1).key = tree.keep("1");
  tree.node(members + 1).type = Type::number;
  tree.node(members + 1).number = 0.5;
  tree.node(members + 2).key = "a";
  tree.node(members + 2).type = Type::string;
  tree.node(members + 2).text = "text";
  tree.sort_members(root);
  EXPECT_EQ(tree.root()[0].key(), "1");
  EXPECT_EQ(tree.root()[1].key(), "a");
  EXPECT_EQ(tree.root()[2].key(), "n");
  EXPECT_EQ(tree.root().find("n")->number(), 7);
  EXPECT_EQ(tree.root().json().dump(), R"({"1":0.5,"a":"text","n":7})");  // 7 stays an integer
}

TEST(FakeSpecValue, AClearedTreeHoldsTheNextValueAlone) {
  // fake.job empties one tree for each call: the next value's root is node 0 again, its own names only.
  fake::SpecTree tree;
  const auto root = tree.add_nodes(1);
  const auto member = tree.add_nodes(1);
  tree.node(root).type = Type::object;
  tree.node(root).first = member;
  tree.node(root).count = 1;
  tree.node(member).key = tree.keep("2");
  tree.node(member).type = Type::boolean;
  ASSERT_TRUE(tree.root().find("2"));
  for (const std::size_t kept : {std::size_t{0}, std::size_t{256}}) {
    tree.clear(kept);
    EXPECT_EQ(tree.add_nodes(1), 0u) << "the next value starts at the root";
    tree.node(0).type = Type::string;
    tree.node(0).text = "only";
    EXPECT_EQ(tree.root().json(), "only");
    EXPECT_FALSE(tree.root().find("2"));
  }
}

TEST(FakeSpecValue, TheJsonDoorAndTheTreeDoorReadTheSameJob) {
  const json body = json::parse(R"({"job_type": null, "service": "vbs", "project_id": "p",
      "timeline": ["INIT", "SUCCESS"], "entities": {"b": 1, "a": "x"}, "error_code": 5, "headers": {"X-N": 2},
      "sub_jobs": [{"job_type": "t", "timeline": [{"state": "RUNNING", "seconds": 2}, "SUCCESS"]}],
      "extra": {"entities": {"c": true}}})");
  const auto by_json = fake::job_spec(body, "default");
  const auto by_tree = fake::job_spec(fake::SpecTree(body).root(), "default");
  EXPECT_EQ(by_json.service, "vbs");
  EXPECT_EQ(by_json.entities, (fake::StringMap{{"a", "x"}}));
  EXPECT_EQ(by_json.headers, (fake::HeaderList{{"X-N", "2"}}));
  ASSERT_TRUE(by_json.overrides);
  EXPECT_EQ(*by_json.overrides, json::parse(R"({"job_type": null, "error_code": 5,
      "entities": {"b": 1, "c": true}})"));
  ASSERT_EQ(by_json.sub_jobs.size(), 1u);
  EXPECT_EQ(by_json.sub_jobs[0].durations_ms, (std::vector<std::int64_t>{2000}));
  EXPECT_EQ(*by_tree.overrides, *by_json.overrides);
  EXPECT_EQ(by_tree.timeline, by_json.timeline);
  EXPECT_EQ(by_tree.sub_jobs[0].timeline, by_json.sub_jobs[0].timeline);
}

}  // namespace
