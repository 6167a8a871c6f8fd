// The rows the capture's lists showed: SDRS failed tasks (fake.failure_job) and KPS tasks (fake.kps_task),
// each once, in the order first seen (the order the fake lists them in), every captured field kept, so the
// fake's paging and filters answer the replayed queries as the capture did.
#include <map>
#include <set>

#include "harness/capture/scenario_model.hpp"

namespace harness::capture::writing {
namespace world_rows_detail {

// The value of `name` in a query string (not decoded: ids need no decoding), or "".
std::string query_value(const std::string& query, std::string_view name) {
  std::size_t at = 0;
  while (at <= query.size()) {
    auto end = query.find('&', at);
    if (end == std::string::npos) end = query.size();
    const std::string_view pair(query.data() + at, end - at);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    at = end + 1;
  }
  return "";
}

bool starts_with(const Json& value, std::string_view prefix) {
  return value.is_string() && value.get_ref<const std::string&>().starts_with(prefix);
}

// Copies `known` fields of a captured row as they are; the rest goes under `extra`.
Json row_spec(const Json& row, const std::vector<std::string_view>& known, std::string_view extra_too = "") {
  Json spec = Json::object();
  Json extra = Json::object();
  for (auto it = row.begin(); it != row.end(); ++it) {
    bool is_known = false;
    for (const auto name : known) is_known = is_known || it.key() == name;
    if (is_known)
      spec[it.key()] = *it;
    else if (it.key() != extra_too)
      extra[it.key()] = *it;
  }
  if (!extra.empty()) spec["extra"] = extra;
  return spec;
}

struct Row {
  std::string project;
  Json spec;
  bool listed_unfiltered = false;  // failure jobs: seen in a list without server_group_id
  bool in_failed = false;          // KPS: seen in failed-tasks
  bool in_running = false;         // KPS: seen in running-tasks
};

// Rows by id, remembering the order first seen.
struct Rows {
  std::vector<std::string> order;
  std::map<std::string, Row> by_id;
  Row& at(const std::string& project, const std::string& id, bool& fresh) {
    const auto key = project + " " + id;
    fresh = !by_id.count(key);
    if (fresh) order.push_back(key);
    Row& row = by_id[key];
    row.project = project;
    return row;
  }
};

void add_failure_jobs(const Steps& steps, WorldSpec& world) {
  Rows rows;
  std::set<std::string> unfiltered_lists;  // projects whose list was read without server_group_id
  for (const auto& step : steps.steps) {
    if (step.kind != StepKind::failure_jobs) continue;
    const bool list = step.method == "GET" && step.status == 200 && step.response_json &&
                      step.response_json->is_object() && step.response_json->contains("failure_jobs") &&
                      (*step.response_json)["failure_jobs"].is_array();
    if (list) {
      const auto group = query_value(step.query, "server_group_id");
      if (group.empty()) unfiltered_lists.insert(step.project);
      for (const auto& captured : (*step.response_json)["failure_jobs"]) {
        if (!captured.is_object() || !captured.contains("job_id") || !captured["job_id"].is_string())
          continue;
        bool fresh = false;
        Row& row = rows.at(step.project, captured["job_id"], fresh);
        if (fresh) {
          row.spec = row_spec(captured,
                              {"resource_type", "resource_id", "resource_name", "failure_status", "job_id",
                               "job_type", "begin_time", "error_code", "fail_reason"},
                              "job_status");
          if (captured.contains("job_status") && captured["job_status"] != Json("FAIL"))
            row.spec["extra"]["job_status"] = captured["job_status"];
        }
        if (!group.empty()) row.spec["server_group_id"] = group;
        row.listed_unfiltered = row.listed_unfiltered || group.empty();
      }
    } else if (step.method == "DELETE" && step.status / 100 == 2 && step.key.ends_with("{failure_job_id}")) {
      // A row deleted that no list showed: it existed, outside every list the capture read.
      const auto id = step.path.substr(step.path.rfind('/') + 1);
      bool fresh = false;
      Row& row = rows.at(step.project, id, fresh);
      if (fresh) row.spec = Json{{"job_id", id}, {"group_level", false}};
    }
  }
  for (const auto& key : rows.order) {
    Row& row = rows.by_id[key];
    Json& spec = row.spec;
    const bool group_type = spec.value("resource_type", Json("server_groups")) == Json("server_groups");
    if (!spec.contains("server_group_id") && group_type && spec.contains("resource_id"))
      spec["server_group_id"] = spec["resource_id"];
    if (!spec.contains("group_level") && row.listed_unfiltered != group_type &&
        (row.listed_unfiltered || unfiltered_lists.count(row.project)))
      spec["group_level"] = row.listed_unfiltered;
    Json ordered = Json::object();
    if (!steps.project_mapped) ordered["project_id"] = row.project;
    for (const char* name :
         {"job_id", "server_group_id", "resource_type", "resource_id", "resource_name", "group_level",
          "failure_status", "job_type", "begin_time", "error_code", "fail_reason", "extra"})
      if (spec.contains(name)) ordered[name] = spec[name];
    world.items.push_back({"fake.failure_job", ordered, {}, ""});
  }
}

void add_kps_tasks(const Steps& steps, WorldSpec& world) {
  Rows rows;
  std::set<std::string> lists_read;  // "failed <project>", "running <project>"
  for (const auto& step : steps.steps) {
    if (step.kind != StepKind::kps || step.status / 100 != 2) continue;
    const Json* body = step.response_json && step.response_json->is_object() ? &*step.response_json : nullptr;
    const bool failed = step.key == "GET /v3/{project_id}/failed-tasks";
    const bool running = step.key == "GET /v3/{project_id}/running-tasks";
    if ((failed || running) && body && body->contains("tasks") && (*body)["tasks"].is_array()) {
      lists_read.insert((failed ? "failed " : "running ") + step.project);
      for (const auto& task : (*body)["tasks"]) {
        if (!task.is_object() || !task.contains("task_id") || !task["task_id"].is_string()) continue;
        bool fresh = false;
        Row& row = rows.at(step.project, task["task_id"], fresh);
        if (fresh || !row.spec.contains("task_time"))  // a list's row says more than a task's status
          row.spec = row_spec(task, {"task_id", "operate_type", "task_time", "task_error_code",
                                     "task_error_msg", "server_name", "server_id", "keypair_name"});
        (failed ? row.in_failed : row.in_running) = true;
      }
    } else if (step.key == "GET /v3/{project_id}/tasks/{task_id}" && body && body->contains("task_id") &&
               (*body)["task_id"].is_string()) {
      bool fresh = false;
      Row& row = rows.at(step.project, (*body)["task_id"], fresh);
      if (fresh) {
        row.spec = Json{{"task_id", (*body)["task_id"]}};
        if (body->contains("task_status")) row.spec["operate_type"] = (*body)["task_status"];
        if (body->contains("server_id")) row.spec["server_id"] = (*body)["server_id"];
      }
    } else if (step.method == "DELETE" && step.key == "DELETE /v3/{project_id}/failed-tasks/{task_id}") {
      bool fresh = false;
      Row& row = rows.at(step.project, step.path.substr(step.path.rfind('/') + 1), fresh);
      if (fresh) row.spec = Json{{"task_id", step.path.substr(step.path.rfind('/') + 1)}};
    }
  }
  for (const auto& key : rows.order) {
    Row& row = rows.by_id[key];
    Json& spec = row.spec;
    const Json type = spec.value("operate_type", Json("FAILED_RESET"));
    const bool by_type_failed = starts_with(type, "FAILED_"), by_type_running = starts_with(type, "RUNNING_");
    if (row.in_failed && !by_type_failed)
      spec["listed"] = "failed";
    else if (row.in_running && !by_type_running)
      spec["listed"] = "running";
    else if (!row.in_failed && !row.in_running &&
             ((by_type_failed && lists_read.count("failed " + row.project)) ||
              (by_type_running && lists_read.count("running " + row.project))))
      spec["listed"] = "none";
    Json ordered = Json::object();
    if (!steps.project_mapped) ordered["project_id"] = row.project;
    for (const char* name : {"task_id", "operate_type", "listed", "task_time", "task_error_code",
                             "task_error_msg", "server_name", "server_id", "keypair_name", "extra"})
      if (spec.contains(name)) ordered[name] = spec[name];
    world.items.push_back({"fake.kps_task", ordered, {}, ""});
  }
}

}  // namespace world_rows_detail

void add_rows(const Steps& steps, WorldSpec& world) {
  world_rows_detail::add_failure_jobs(steps, world);
  world_rows_detail::add_kps_tasks(steps, world);
}

}  // namespace harness::capture::writing
