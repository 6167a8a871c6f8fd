// The fixtures keep themselves honest: every example validates against its schema, every verbatim page
// example fails its default schema exactly where fixtures/CONTRADICTIONS.md says (and passes the lenient
// schema), and every statuses.json lists the published statuses with codes that the endpoint's error schemas
// accept.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"

namespace {

namespace fs = std::filesystem;
using harness::contract::FixtureError;
using harness::contract::FixtureStore;
using harness::contract::Violation;
using nlohmann::json;

const fs::path kFixtures = fs::path(HARNESS_SOURCE_DIR) / "fixtures";

// Every *.example.json and the schema it must validate against. A new example without a row here fails
// EveryExampleHasASchema: add the row.
struct Example {
  std::string file;    // relative to fixtures/
  std::string schema;  // FixtureStore name: <schema>.schema.json
};
const std::vector<Example> kExamples = {
    {"sdrs/job_status.example.json", "sdrs/job_status"},
    {"sdrs/job_status_subjobs.example.json", "sdrs/job_status"},
    {"sdrs/error.example.json", "sdrs/error"},
    {"sdrs/error_badrequest.example.json", "sdrs/error_badrequest"},
    {"sdrs/error_itemnotfound.example.json", "sdrs/error_itemnotfound"},
    {"sdrs/failure_jobs.example.json", "sdrs/failure_jobs"},
    {"kps/failed_tasks.example.json", "kps/failed_tasks"},
    {"kps/running_tasks.example.json", "kps/running_tasks"},
    {"kps/task_status.example.json", "kps/task_status"},
    {"kps/error.example.json", "kps/error"},
    {"vbs/job_status.example.json", "vbs/job_status"},
    {"vbs/error.example.json", "vbs/error"},
};

// Every *.page-example.json: a page's example kept verbatim where it contradicts the page's own text.
struct PageExample {
  std::string file;
  std::string schema;                   // the default schema, which must reject it ...
  std::set<std::string> pointers;       // ... exactly at these places
  std::string lenient;                  // a schema that must accept it; "" if there is none
  std::string corrected;                // the corrected example (also in kExamples)
  std::set<std::string> changed_paths;  // where the corrected example differs from the page's
};
const std::vector<PageExample> kPageExamples = {
    // Contradiction 1: resource_type "protectedInstance" (documented: protected_instances); job_type
    // "createProtectedInstance" (documented: createProtectedInstanceNoCG) is corrected but not enforced.
    {"sdrs/failure_jobs.page-example.json",
     "sdrs/failure_jobs",
     {"/failure_jobs/0/resource_type", "/failure_jobs/1/resource_type"},
     "sdrs/failure_jobs.lenient",
     "sdrs/failure_jobs.example.json",
     {"/failure_jobs/0/resource_type", "/failure_jobs/0/job_type", "/failure_jobs/1/resource_type",
      "/failure_jobs/1/job_type"}},
    // Contradiction 6: operate_type RUNNING_RESET in a list of failed tasks.
    {"kps/failed_tasks.page-example.json",
     "kps/failed_tasks",
     {"/tasks/0/operate_type"},
     "kps/failed_tasks.lenient",
     "kps/failed_tasks.example.json",
     {"/tasks/0/operate_type"}},
    // The placeholder "KPS.XXX" is not a KPS code.
    {"kps/error.page-example.json",
     "kps/error",
     {"/error_code"},
     "",
     "kps/error.example.json",
     {"/error_code"}},
};

// The endpoints each service's statuses.json must describe, with the status of a normal answer.
const std::map<std::string, std::map<std::string, int>> kEndpoints = {
    {"sdrs",
     {{"GET /v1/{project_id}/jobs/{job_id}", 200},
      {"GET /v1/{project_id}/task-center/failure-jobs", 200},
      {"DELETE /v1/{project_id}/task-center/failure-jobs/{failure_job_id}", 204},
      {"DELETE /v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch", 204},
      {"DELETE /v1/{project_id}/task-center/failure-jobs/batch", 204}}},
    {"kps",
     {{"GET /v3/{project_id}/failed-tasks", 200},
      {"DELETE /v3/{project_id}/failed-tasks", 200},
      {"DELETE /v3/{project_id}/failed-tasks/{task_id}", 200},
      {"GET /v3/{project_id}/tasks/{task_id}", 200},
      {"GET /v3/{project_id}/running-tasks", 200}}},
    {"vbs", {{"GET /v1/{project_id}/jobs/{job_id}", 200}}},
};

// The abnormal statuses an endpoint must list: all the pages' statuses for SDRS and VBS; for KPS the statuses
// API.md publishes codes for, plus 404 where the path names a task.
std::set<std::string> required_statuses(const std::string& service, const std::string& endpoint) {
  if (service == "kps") {
    // The codes KPS publishes, plus the fake's own 405 (a method the path does not take) and, where a task id
    // is in the path, 404 (a path KPS does not have).
    std::set<std::string> out = {"400", "401", "403", "405", "500"};
    if (endpoint.find("{task_id}") != std::string::npos) out.insert("404");
    return out;
  }
  return {"400", "401", "403", "404", "405", "406", "407", "408", "409", "500", "501", "502", "503", "504"};
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Files under fixtures/ whose name ends with suffix, as paths relative to fixtures/, sorted.
std::vector<std::string> fixture_files(const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(kFixtures)) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), kFixtures).generic_string();
    if (ends_with(entry.path().filename().string(), suffix)) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "sdrs/x.example.json" -> "sdrs/x.example" (FixtureStore::load); "sdrs/x.schema.json" -> "sdrs/x" (check).
std::string document_name(const std::string& file) {
  return file.substr(0, file.size() - std::string(".json").size());
}
std::string schema_name(const std::string& file) {
  return file.substr(0, file.size() - std::string(".schema.json").size());
}

bool schema_exists(const std::string& name) {
  return fs::is_regular_file(kFixtures / (name + ".schema.json"));
}

std::string text(const std::vector<Violation>& violations) {
  std::string out;
  for (const Violation& v : violations) out += "\n  " + v.text();
  return out.empty() ? "\n  (none)" : out;
}

std::set<std::string> pointers(const std::vector<Violation>& violations) {
  std::set<std::string> out;
  for (const Violation& v : violations) out.insert(v.pointer);
  return out;
}

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "{" + out + "}";
}

const Example* find_example(const std::string& file) {
  for (const Example& e : kExamples) {
    if (e.file == file) return &e;
  }
  return nullptr;
}

const PageExample* find_page_example(const std::string& file) {
  for (const PageExample& e : kPageExamples) {
    if (e.file == file) return &e;
  }
  return nullptr;
}

// The error body a fake answers with code and message, in the form the error schema describes: flat
// {error_code, error_msg} when the schema has error_code, else {<its one required key>: {message, code}}.
json error_body(const FixtureStore& store, const std::string& error_schema, const std::string& code,
                const std::string& message) {
  const json schema = store.load(error_schema + ".schema");
  if (schema.contains("properties") && schema["properties"].contains("error_code")) {
    return {{"error_code", code}, {"error_msg", message}};
  }
  const std::string key = schema.at("required").at(0).get<std::string>();
  return {{key, {{"message", message}, {"code", code}}}};
}

TEST(ContractExamples, EveryExampleHasASchema) {
  const std::vector<std::string> files = fixture_files(".example.json");
  EXPECT_FALSE(files.empty());
  for (const std::string& file : files) {
    EXPECT_NE(find_example(file), nullptr)
        << "fixtures/" << file << " has no schema: add {file, schema} to kExamples in " << __FILE__;
  }
  for (const Example& example : kExamples) {
    EXPECT_TRUE(fs::is_regular_file(kFixtures / example.file))
        << "kExamples names a missing file: " << example.file;
    EXPECT_TRUE(schema_exists(example.schema)) << example.file << ": no schema " << example.schema;
  }
}

TEST(ContractExamples, EveryExampleValidates) {
  FixtureStore store(kFixtures);
  for (const Example& example : kExamples) {
    SCOPED_TRACE(example.file);
    try {
      const std::vector<Violation> violations =
          store.check(example.schema, store.load(document_name(example.file)));
      EXPECT_TRUE(violations.empty()) << "fixtures/" << example.file << " does not conform to "
                                      << example.schema << ".schema.json:" << text(violations);
    } catch (const FixtureError& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(ContractExamples, EverySchemaCompilesAndSaysWhereItComesFrom) {
  FixtureStore store(kFixtures);
  const std::vector<std::string> files = fixture_files(".schema.json");
  EXPECT_FALSE(files.empty());
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    try {
      store.check(schema_name(file), json::object());  // compiles (and lints) the schema
      const json schema = store.load(document_name(file));
      EXPECT_TRUE(schema.contains("$comment") && schema["$comment"].is_string() &&
                  !schema["$comment"].get<std::string>().empty())
          << file << ": no $comment naming the source and the reading taken";
      EXPECT_TRUE(schema.contains("title") && schema["title"].is_string()) << file << ": no title";
    } catch (const FixtureError& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(ContractExamples, EveryPageExampleIsListed) {
  for (const std::string& file : fixture_files(".page-example.json")) {
    EXPECT_NE(find_page_example(file), nullptr)
        << "fixtures/" << file << " is not in kPageExamples in " << __FILE__
        << ": say which schema rejects it, where, and which schema accepts it";
  }
}

TEST(ContractExamples, PageExamplesFailTheDefaultSchemaWhereDocumented) {
  FixtureStore store(kFixtures);
  for (const PageExample& page : kPageExamples) {
    SCOPED_TRACE(page.file);
    try {
      const json body = store.load(document_name(page.file));
      const std::vector<Violation> violations = store.check(page.schema, body);
      EXPECT_FALSE(violations.empty()) << page.file << " conforms to " << page.schema
                                       << ": the contradiction it records is gone from the schema";
      EXPECT_EQ(pointers(violations), page.pointers)
          << page.file << " against " << page.schema << ": expected violations at " << joined(page.pointers)
          << ", got:" << text(violations);
      if (!page.lenient.empty()) {
        const std::vector<Violation> lenient = store.check(page.lenient, body);
        EXPECT_TRUE(lenient.empty()) << page.file << " does not conform to the lenient " << page.lenient
                                     << ":" << text(lenient);
      }
      // The corrected example is the page's with only the contradicting values replaced.
      ASSERT_NE(find_example(page.corrected), nullptr) << page.corrected << " is not in kExamples";
      const json corrected = store.load(document_name(page.corrected));
      std::set<std::string> changed;
      for (const json& op : json::diff(body, corrected)) changed.insert(op.at("path").get<std::string>());
      EXPECT_EQ(changed, page.changed_paths)
          << page.corrected << " differs from " << page.file << " at " << joined(changed);
    } catch (const FixtureError& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

// Contradiction 5: SDRS nests sub_jobs in entities, VBS has a string map there; each schema keeps its shape.
TEST(ContractExamples, VbsEntitiesAreAStringMap) {
  FixtureStore store(kFixtures);
  const std::vector<Violation> sdrs_as_vbs =
      store.check("vbs/job_status", store.load("sdrs/job_status_subjobs.example"));
  EXPECT_EQ(pointers(sdrs_as_vbs), std::set<std::string>{"/entities/sub_jobs"}) << text(sdrs_as_vbs);

  json vbs = store.load("vbs/job_status.example");
  json sub = vbs;
  sub["job_id"] = "4010b39b5281d3590152874bfa3b1605";
  vbs["sub_jobs"] = json::array({sub});
  EXPECT_TRUE(store.check("vbs/job_status", vbs).empty()) << text(store.check("vbs/job_status", vbs));
  vbs["entities"]["volume_size"] = 40;
  EXPECT_EQ(pointers(store.check("vbs/job_status", vbs)), std::set<std::string>{"/entities/volume_size"});
}

class Statuses : public ::testing::TestWithParam<std::string> {};

TEST_P(Statuses, ListTheRequiredStatusesWithCodesTheErrorSchemasAccept) {
  const std::string service = GetParam();
  FixtureStore store(kFixtures);
  const std::string file = service + "/statuses.json";
  json table;
  try {
    table = store.load(service + "/statuses");
  } catch (const FixtureError& e) {
    FAIL() << e.what();
  }
  ASSERT_TRUE(table.is_object()) << file;
  ASSERT_TRUE(table.contains("$comment") && table["$comment"].is_string() &&
              !table["$comment"].get<std::string>().empty())
      << file << ": no $comment explaining the fields";

  std::map<std::string, int> endpoints;
  for (const auto& [key, value] : table.items()) {
    if (key != "$comment")
      endpoints[key] = value.is_object() && value.contains("success") && value["success"].is_number_integer()
                           ? value["success"].get<int>()
                           : -1;
  }
  EXPECT_EQ(endpoints, kEndpoints.at(service)) << file << ": endpoints or their success statuses differ";

  for (const auto& [endpoint, spec] : table.items()) {
    if (endpoint == "$comment") continue;
    SCOPED_TRACE(file + ": " + endpoint);
    ASSERT_TRUE(spec.is_object());

    // Schemas named must exist (null: a success without a body).
    ASSERT_TRUE(spec.contains("schema")) << "no schema";
    if (!spec["schema"].is_null()) {
      ASSERT_TRUE(spec["schema"].is_string());
      EXPECT_TRUE(schema_exists(spec["schema"].get<std::string>())) << "no schema " << spec["schema"];
    }
    for (const char* list : {"schema_options", "error_schema_options"}) {
      if (!spec.contains(list)) continue;
      ASSERT_TRUE(spec[list].is_array()) << list;
      for (const json& name : spec[list]) {
        EXPECT_TRUE(name.is_string() && schema_exists(name.get<std::string>()))
            << list << ": no schema " << name;
      }
    }
    ASSERT_TRUE(spec.contains("error_schema") && spec["error_schema"].is_string()) << "no error_schema";
    const std::string error_schema = spec["error_schema"].get<std::string>();
    ASSERT_TRUE(schema_exists(error_schema)) << "no schema " << error_schema;
    std::vector<std::string> error_schemas = {error_schema};
    if (spec.contains("error_schema_options")) {
      for (const json& name : spec["error_schema_options"]) error_schemas.push_back(name.get<std::string>());
    }

    ASSERT_TRUE(spec.contains("statuses") && spec["statuses"].is_object()) << "no statuses";
    std::set<std::string> listed;
    for (const auto& [status, entry] : spec["statuses"].items()) listed.insert(status);
    EXPECT_EQ(listed, required_statuses(service, endpoint));

    for (const auto& [status, entry] : spec["statuses"].items()) {
      SCOPED_TRACE("status " + status);
      ASSERT_TRUE(entry.is_object());
      for (const char* field : {"meaning", "code", "message"}) {
        EXPECT_TRUE(entry.contains(field) && entry[field].is_string() &&
                    !entry[field].get<std::string>().empty())
            << "no non-empty " << field;
      }
      ASSERT_TRUE(entry.contains("published") && entry["published"].is_boolean()) << "no published flag";
      if (!entry["code"].is_string() || !entry["message"].is_string()) continue;
      const std::string code = entry["code"].get<std::string>();
      // Unpublished statuses get the harness's own code, HARNESS.<status in four digits>, marked as such.
      char harness_code[32];
      std::snprintf(harness_code, sizeof harness_code, "HARNESS.%04d", std::stoi(status));
      if (code.rfind("HARNESS.", 0) == 0) {
        EXPECT_EQ(code, harness_code);
        EXPECT_FALSE(entry["published"].get<bool>()) << code << " is the harness's code, not a published one";
      } else {
        EXPECT_TRUE(entry["published"].get<bool>())
            << code << " is not HARNESS.<status> but marked unpublished";
      }
      // The body the fake answers with must conform to the endpoint's error schemas.
      try {
        for (const std::string& name : error_schemas) {
          const json body = error_body(store, name, code, entry["message"].get<std::string>());
          const std::vector<Violation> violations = store.check(name, body);
          EXPECT_TRUE(violations.empty())
              << body.dump() << " does not conform to " << name << ":" << text(violations);
        }
      } catch (const FixtureError& e) {
        ADD_FAILURE() << e.what();
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Services, Statuses, ::testing::Values("sdrs", "kps", "vbs"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
