// fake.* tables go straight into the spec module's neutral value (script/lua_spec.hpp), no JSON on the way:
// every field of a job arrives as the JSON door reads the same table's JSON (spec_json), errors from the
// Lua path and from the JSON path name the same field, and the walk's own errors read as before.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "harness/fake/spec.hpp"
#include "harness/script/lua_spec.hpp"
#include "harness/script/lua_state.hpp"
#include "harness/script/lua_value.hpp"

namespace {

namespace fake = harness::fake;
namespace script = harness::script;

class LuaSpec : public ::testing::Test {
 protected:
  script::LuaState state{64u << 20};
  lua_State* L = state.get();

  // Leaves the value of the Lua expression `code` on the stack.
  void push(const std::string& code) {
    script::push_null(L);
    lua_setglobal(L, "null");
    script::push_empty_array(L);
    lua_setglobal(L, "empty_array");
    ASSERT_EQ(luaL_dostring(L, ("return " + code).c_str()), LUA_OK) << lua_tostring(L, -1);
  }

  fake::JobSpec by_lua(const std::string& code) {
    push(code);
    fake::SpecTree tree;
    script::read_spec(L, -1, tree);
    auto spec = fake::job_spec(tree.root(), "default");
    lua_pop(L, 1);
    return spec;
  }
  fake::JobSpec by_json(const std::string& code) {
    push(code);
    auto spec = fake::job_spec(script::spec_json(L, -1), "default");
    lua_pop(L, 1);
    return spec;
  }

  // The message of whatever `read` throws for the table `code`.
  std::string error_of(const std::string& code, const std::function<void(int)>& read) {
    push(code);
    const int top = lua_gettop(L);
    std::string message = "(no error)";
    try {
      read(top);
    } catch (const std::exception& e) {
      message = e.what();
    }
    EXPECT_EQ(lua_gettop(L), top) << code;  // the stack as it was, after an error too
    lua_settop(L, 0);
    return message;
  }
  std::string lua_error(const std::string& code) {
    return error_of(code, [&](int index) {
      fake::SpecTree tree;
      script::read_spec(L, index, tree);
      fake::job_spec(tree.root(), "default");
    });
  }
  std::string json_error(const std::string& code) {
    return error_of(code, [&](int index) { fake::job_spec(script::spec_json(L, index), "default"); });
  }
};

void expect_same_job(const fake::JobSpec& a, const fake::JobSpec& b) {
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.project_id, b.project_id);
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.job_type, b.job_type);
  EXPECT_EQ(a.timeline, b.timeline);
  EXPECT_EQ(a.durations_ms, b.durations_ms);
  EXPECT_EQ(a.entities, b.entities);
  EXPECT_EQ(a.error_code, b.error_code);
  EXPECT_EQ(a.fail_reason, b.fail_reason);
  EXPECT_EQ(a.begin_time, b.begin_time);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_EQ(a.headers, b.headers);
  ASSERT_EQ(a.overrides == nullptr, b.overrides == nullptr);
  if (a.overrides) {
    EXPECT_EQ(a.overrides->dump(), b.overrides->dump());  // dump: 5 and 5.0 differ
  }
  ASSERT_EQ(a.sub_jobs.size(), b.sub_jobs.size());
  for (std::size_t i = 0; i < a.sub_jobs.size(); ++i) expect_same_job(a.sub_jobs[i], b.sub_jobs[i]);
}

const char* kEveryField = R"({
  service = "vbs", project_id = "p1", job_id = "j1", job_type = "createProtectionGroupNoCG",
  timeline = { { "INIT", seconds = 1 }, { state = "RUNNING", seconds = 2.5 }, "SUCCESS" },
  entities = { server_group_id = "g", count = 3, ratio = 0.5, none = null, list = empty_array },
  error_code = "SDRS.0406", fail_reason = "why", begin_time = "2026-01-01T00:00:00.000Z", end_time = null,
  headers = { ["X-One"] = "1", ["X-Two"] = 2 },
  extra = { entities = { added = true }, note = { "a", "b" }, deep = { a = { b = 1 } } },
  sub_jobs = { { job_id = "s1", job_type = 7, timeline = { "SUCCESS" }, entities = { b = "2", a = "1" } },
               { job_type = "t", timeline = { "INIT", "FAIL" }, error_code = "E", fail_reason = false } },
})";

TEST_F(LuaSpec, EveryFieldOfAJobArrivesAsTheJsonDoorReadsIt) {
  const auto lua = by_lua(kEveryField);
  expect_same_job(lua, by_json(kEveryField));
  // and what that is, so that both doors cannot be wrong alike
  EXPECT_EQ(lua.service, "vbs");
  EXPECT_EQ(lua.durations_ms, (std::vector<std::int64_t>{1000, 2500}));
  EXPECT_EQ(lua.entities, (fake::StringMap{{"server_group_id", "g"}}));
  EXPECT_EQ(lua.headers, (fake::HeaderList{{"X-One", "1"}, {"X-Two", "2"}}));
  ASSERT_TRUE(lua.overrides);
  EXPECT_EQ(lua.overrides->dump(),
            R"({"deep":{"a":{"b":1}},"end_time":null,"entities":{"added":true,"count":3,"list":[],)"
            R"("none":null,"ratio":0.5},"note":["a","b"]})");
  ASSERT_EQ(lua.sub_jobs.size(), 2u);
  EXPECT_EQ(lua.sub_jobs[0].entities, (fake::StringMap{{"a", "1"}, {"b", "2"}}));  // by name
  EXPECT_EQ(lua.sub_jobs[0].overrides->dump(), R"({"job_type":7})");
  EXPECT_EQ(lua.sub_jobs[1].overrides->dump(), R"({"fail_reason":false})");
}

TEST_F(LuaSpec, TheBenchmarksJobArrivesWhole) {
  const char* job = R"({ project_id = "p", job_id = string.format("%032x", 7), job_type = "stop",
      timeline = { "INIT", "RUNNING", "FAIL" }, error_code = "SDRS.0406", fail_reason = "Failed.",
      entities = { server_group_id = string.format("%08x-0000-4000-8000-%012x", 7, 7) } })";
  const auto lua = by_lua(job);
  expect_same_job(lua, by_json(job));
  EXPECT_EQ(lua.job_id, "00000000000000000000000000000007");
  EXPECT_EQ(lua.overrides, nullptr);
}

TEST_F(LuaSpec, ErrorsFromTheLuaPathAndTheJsonPathNameTheSameField) {
  for (const char* table : {
           R"({ job_type = "t" })",
           R"({ timeline = { "INIT" } })",
           R"({ job_type = "t", timeline = { 7 } })",
           R"({ job_type = "t", timeline = { { "RUNNING" }, "SUCCESS" } })",
           R"({ job_type = "t", timeline = { { state = "RUNNING" }, "SUCCESS" } })",
           R"({ job_type = "t", timeline = { { "RUNNING", seconds = -1 }, "SUCCESS" } })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, sub_jobs = { { job_type = "x", timeline = 1 } } })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, jobtype = "t" })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, headers = { X = true } })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, service = "kps" })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, extra = 5 })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, entities = { "a" } })",
           R"({ job_type = "t", timeline = { "SUCCESS" }, f = print })",
           R"({ job_type = "t", timeline = { "SUCCESS", { print } } })",
           R"({ 1, 2 })",
       }) {
    const auto lua = lua_error(table);
    EXPECT_NE(lua, "(no error)") << table;
    EXPECT_EQ(lua, json_error(table)) << table;
  }
  EXPECT_EQ(lua_error(R"({ job_type = "t", timeline = { { state = "RUNNING" }, "SUCCESS" } })"),
            "timeline[1].seconds: must be a number of seconds from 0 to 1e9");
  EXPECT_EQ(lua_error(R"({ job_type = "t", timeline = { "SUCCESS", { print } } })"),
            "a function has no JSON form at /timeline/1/0");
}

TEST_F(LuaSpec, TheWalksOwnErrorsReadAsBefore) {
  const std::string cyclic = "(function() local t = { job_type = 't' } t.self = t return t end)()";
  EXPECT_EQ(lua_error(cyclic), "cyclic table at /self");
  EXPECT_EQ(lua_error(cyclic), json_error(cyclic));
  const std::string deep = "(function() local t = 1 for _ = 1, 70 do t = { a = t } end return t end)()";
  EXPECT_EQ(lua_error(deep), json_error(deep));
  EXPECT_NE(lua_error(deep).find("nested deeper than 64 levels at /a/a"), std::string::npos);
  const std::string odd_key = "{ [true] = 1 }";
  EXPECT_EQ(lua_error(odd_key), json_error(odd_key));
  // The same name as a number and as a string: JSON could keep only one of them, so neither is guessed.
  EXPECT_EQ(
      lua_error(R"({ job_type = "t", timeline = { { "RUNNING", ["1"] = "INIT", seconds = 1 }, "OK" } })"),
      "a table with the key 1 both as a number and as a string at /timeline/0");
}

}  // namespace
