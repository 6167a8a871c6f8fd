// The cases: one per job, list or declared endpoint, replaying its requests in the order captured and
// asserting what the client saw: the status, `conforms` against the fixture of every known endpoint, and for
// a transport failure its kind. Each assertion is labelled with the request's number, method and path.
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "harness/capture/scenario_model.hpp"

namespace harness::capture::writing {
namespace case_writer_detail {

// The success body's fixture of a built-in endpoint, by its key (fixtures/<service>/statuses.json `schema`).
std::string success_schema(const Step& step) {
  if (step.kind == StepKind::job_poll) return step.service + "/job_status";
  static const std::map<std::string, std::string> schemas = {
      {"GET /v1/{project_id}/task-center/failure-jobs", "sdrs/failure_jobs"},
      {"GET /v3/{project_id}/failed-tasks", "kps/failed_tasks"},
      {"GET /v3/{project_id}/running-tasks", "kps/running_tasks"},
      {"GET /v3/{project_id}/tasks/{task_id}", "kps/task_status"},
  };
  const auto it = schemas.find(step.key);
  return it == schemas.end() ? "" : it->second;
}

// The error body's fixture: the service's, or the SDRS wrapper a body uses (fixtures/CONTRADICTIONS.md).
std::string error_schema(const Step& step) {
  if (step.kind == StepKind::declared || step.status < 400 || !step.response_body ||
      step.response_body->empty())
    return "";
  if (step.service == "sdrs" && step.response_json && step.response_json->is_object()) {
    if (step.response_json->contains("badrequest")) return "sdrs/error_badrequest";
    if (step.response_json->contains("itemNotFound")) return "sdrs/error_itemnotfound";
  }
  return step.service == "sdrs" || step.service == "vbs" || step.service == "kps" ? step.service + "/error"
                                                                                  : "";
}

std::string transport_kind(const Step& step) {
  for (const char* kind : {"reset", "closed", "timeout", "truncated"})
    if (step.failure == kind) return kind;
  return "reset";  // the fault that stands for it (world_simulation.cpp)
}

std::string timing(const Step& step) {
  char text[96];
  std::snprintf(text, sizeof text, "-- #%zu at +%.3f s, took %.0f ms", step.number,
                step.exchange->started_ms / 1000, step.exchange->duration_ms);
  std::string out = text;
  if (step.fault) out += " (fake.fault: " + (step.fault_note.empty() ? "its delay" : step.fault_note) + ")";
  return out;
}

// `http.get(path, {...})` or `http.request("POST", path, {...})`, at column `column` of the line.
// `indent`: the statement's own indentation, which a table argument's continuation lines follow.
std::string request_call(const Steps& steps, const Step& step, std::size_t indent, std::size_t column,
                         std::size_t tail) {
  std::string call =
      step.method == "GET" ? "http.get(" : "http.request(" + lua_text::quote(step.method) + ", ";
  Json args = Json::array();
  args.push_back(path_expression(steps, step.path, step.query));
  Json opts = Json::object();
  if (!step.headers.empty()) {
    Json headers = Json::object();
    for (const auto& [name, value] : step.headers) headers[name] = value;
    opts["headers"] = headers;
  }
  if (!step.body.empty()) opts["body"] = step.body;
  if (step.status == 0 && step.failure == "timeout") opts["timeout"] = 0.5;  // the fault hangs: give up soon
  std::string text =
      call + lua_text::value(args[0], indent, column + call.size(), opts.empty() ? tail + 1 : 2);
  if (!opts.empty()) {
    const auto last_line = text.substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
    const std::size_t at =
        text.find('\n') == std::string::npos ? column + text.size() + 2 : last_line.size() + 2;
    text += ", " + lua_text::value(opts, indent, at, tail + 1);
  }
  return text + ")";
}

std::string title_of(const std::vector<const Step*>& members, bool many_projects) {
  const Step& first = *members.front();
  std::string title;
  if (first.kind == StepKind::job_poll || (first.kind == StepKind::wrong_method && !first.job_id.empty())) {
    title = "job " + first.job_id;
  } else if (first.kind == StepKind::failure_jobs) {
    title = "SDRS failure jobs";
  } else if (first.kind == StepKind::kps) {
    title = "KPS tasks";
  } else {
    title = first.method + " " + (first.kind == StepKind::declared ? first.declared_path : first.path);
  }
  if (many_projects && !first.project.empty() && first.kind != StepKind::declared)
    title += " in project " + first.project;
  std::string summary;
  for (const auto* step : members) {
    const auto said = step->status ? std::to_string(step->status) : transport_kind(*step);
    summary += (summary.empty() ? "" : ", ") + said;
  }
  if (members.size() > 6) summary = std::to_string(members.size()) + " requests";
  return title + ": " + summary;
}

}  // namespace case_writer_detail

using namespace case_writer_detail;

std::string write_cases(const Steps& steps) {
  std::set<std::string> projects;
  for (const auto& step : steps.steps)
    if (!step.project.empty()) projects.insert(step.project);
  std::set<std::string> titles;
  std::string out;
  for (const auto& group : steps.group_order) {
    std::vector<const Step*> members;
    for (const auto& step : steps.steps)
      if (step.group == group) members.push_back(&step);
    auto title = title_of(members, projects.size() > 1);
    if (!titles.insert(title).second) title += " (from #" + std::to_string(members.front()->number) + ")";
    titles.insert(title);
    bool responses = false, failures = false;
    for (const auto* step : members) (step->status ? responses : failures) = true;
    out += "\ncase(" + lua_text::value(Json(title), 4, 5, 13) + ", function()\n";
    out += "  soft(function()\n";
    out += std::string("    local step") + (responses ? ", res" : "") + (failures ? ", ok, err" : "") + "\n";
    for (const auto* step : members) {
      out += "    " + timing(*step) + "\n";
      std::string label = "#";  // appended, not "#" + string: GCC 12 warns falsely on that in Release
      label += std::to_string(step->number) + " " + step->method + " " + step->path;
      if (!step->query.empty()) label += "?" + step->query;
      out += "    step = " + lua_text::value(Json(label), 4, 11, 0) + "\n";
      if (step->status == 0) {
        out += "    ok, err = pcall(function()\n      return " + request_call(steps, *step, 6, 13, 0) +
               "\n    end)\n";
        out += "    expect(ok, step).equals(false)\n";
        out += "    expect(err.kind, step).equals(" + lua_text::quote(transport_kind(*step)) + ")\n";
        continue;
      }
      out += "    res = " + request_call(steps, *step, 4, 10, 0) + "\n";
      out += "    expect(res.status, step).equals(" + std::to_string(step->status) + ")\n";
      const auto success = step->status == 200 ? success_schema(*step) : "";
      if (!success.empty()) out += "    expect(res, step).conforms(" + lua_text::quote(success) + ")\n";
      if (const auto error = error_schema(*step); !error.empty())
        out += "    expect(res, step).conforms(" + lua_text::quote(error) + ")\n";
    }
    out += "  end)\nend)\n";
  }
  return out;
}

}  // namespace harness::capture::writing
