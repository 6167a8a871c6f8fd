// The capture's exchanges as steps: secrets replaced, project ids mapped, each one's endpoint found in the
// fake's own endpoint table (harness/fake/endpoints.hpp), and grouped into the cases that replay them.
#include <algorithm>
#include <map>
#include <set>

#include "harness/capture/scenario_model.hpp"
#include "harness/fake/endpoints.hpp"
#include "harness/fake/world.hpp"

namespace harness::capture::writing {
namespace capture_steps_detail {

std::string lower_text(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_hex32(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool is_api_version(std::string_view segment) {
  return segment.size() >= 2 && segment[0] == 'v' &&
         std::all_of(segment.begin() + 1, segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sent by every client or the transport itself: nothing a scenario would set.
bool transport_header(std::string_view name) {
  static const std::set<std::string, std::less<>> names = {"host",
                                                           "user-agent",
                                                           "content-length",
                                                           "connection",
                                                           "keep-alive",
                                                           "transfer-encoding",
                                                           "te",
                                                           "upgrade",
                                                           "accept",
                                                           "accept-encoding",
                                                           "accept-language",
                                                           "cache-control",
                                                           "pragma",
                                                           "origin",
                                                           "referer",
                                                           "dnt",
                                                           "priority",
                                                           "proxy-connection"};
  const auto low = lower_text(name);
  return low.empty() || low[0] == ':' || low.starts_with("sec-") || names.count(low) > 0;
}

// Response headers a declared answer keeps: not the transport's, not what the fake sets itself.
bool answer_header(std::string_view name) {
  static const std::set<std::string, std::less<>> dropped = {
      "content-length", "content-type",      "date",         "server", "connection",
      "keep-alive",     "transfer-encoding", "x-request-id", "vary",   "strict-transport-security"};
  const auto low = lower_text(name);
  return !low.empty() && low[0] != ':' && !dropped.count(low) && !low.starts_with("access-control-");
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// A body with secret JSON keys replaced; a body that is not JSON stays as it is.
std::string redact_body(const Redactor& redactor, const std::string& body, std::optional<Json>* parsed) {
  auto json = Json::parse(body, nullptr, false);
  if (json.is_discarded()) return body;
  auto clean = json;
  redactor.json(clean);
  if (parsed) *parsed = clean;
  return clean == json ? body : clean.dump();
}

std::string header(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (lower_text(key) == name) return value;
  return "";
}

// The service a declared endpoint is named after: the host's first label ("ecs" of ecs.example.com).
std::string service_of(const std::string& origin) {
  auto host = origin.substr(origin.find("://") == std::string::npos ? 0 : origin.find("://") + 3);
  host = host.substr(0, host.find_first_of(".:/"));
  const bool name = !host.empty() && host != "localhost" &&
                    std::all_of(host.begin(), host.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return name ? host : "declared";
}

}  // namespace capture_steps_detail

using namespace capture_steps_detail;

Steps read_steps(const Capture& capture, const ScenarioOptions& options) {
  const Redactor redactor(options.redact);
  fake::World empty;  // routes only: the endpoint table, no declared endpoints
  Steps result;
  result.project_mapped = !options.project_id.empty();
  result.project_value = options.project_id;
  if (const auto service = service_of(capture.origin); service != "declared") result.host_service = service;

  // Project ids first, so that every text can be mapped before anything else reads it.
  std::set<std::string> projects;
  for (const auto& exchange : capture.exchanges) {
    const auto path = exchange.target.substr(0, exchange.target.find('?'));
    const auto segments = fake::split_path(path);
    const auto route = fake::find_route(empty, exchange.method, segments);
    if (route.path) {
      if (const auto* id = route.params.get("project_id")) projects.insert(std::string(*id));
    } else if (segments.size() > 1 && is_api_version(segments[0]) && is_hex32(segments[1])) {
      projects.insert(std::string(segments[1]));
    }
  }
  const auto map_ids = [&](std::string text) {
    if (result.project_mapped)
      for (const auto& id : projects)
        if (id.size() >= 8) replace_all(text, id, options.project_id);
    return text;
  };

  for (std::size_t i = 0; i < capture.exchanges.size(); ++i) {
    const auto& exchange = capture.exchanges[i];
    if (exchange.target.starts_with("/__admin/")) continue;  // the fake's own API, not the service's
    Step step;
    step.number = i + 1;
    step.exchange = &exchange;
    step.method = exchange.method;
    const auto target = map_ids(exchange.target);
    const auto question = target.find('?');
    step.path = target.substr(0, question);
    if (question != std::string::npos) step.query = redactor.query(target.substr(question + 1));
    for (const auto& [name, value] : exchange.request_headers)
      if (!transport_header(name))
        step.headers.emplace_back(name, map_ids(redactor.header_value(name, value)));
    step.body = redact_body(redactor, map_ids(exchange.request_body), nullptr);
    // A failure named wins over a status: a hang had its status line, then nothing.
    step.status = exchange.failure.empty() ? exchange.status : 0;
    step.failure = step.status == 0 ? (exchange.failure.empty() ? "unknown" : exchange.failure) : "";
    if (exchange.response_body)
      step.response_body = redact_body(redactor, map_ids(*exchange.response_body), &step.response_json);
    step.content_type = header(exchange.response_headers, "content-type");
    for (const auto& [name, value] : exchange.response_headers)
      if (answer_header(name))
        step.response_headers.emplace_back(name, map_ids(redactor.header_value(name, value)));

    const auto segments = fake::split_path(step.path);
    const auto route = fake::find_route(empty, step.method, segments);
    if (const auto* id = route.params.get("project_id")) step.project = std::string(*id);
    const auto* job_id = route.params.get("job_id");
    if (route.builtin) {
      step.key = route.builtin->key;
      step.service = route.builtin->service;
      if (job_id) {
        step.kind = StepKind::job_poll;
        step.job_id = std::string(*job_id);
      } else {
        step.kind = route.builtin->service == "kps" ? StepKind::kps : StepKind::failure_jobs;
      }
    } else if (route.path) {
      step.kind = StepKind::wrong_method;
      step.service = std::string(route.service);
      if (job_id) step.job_id = std::string(*job_id);
    } else {
      step.kind = StepKind::declared;
      step.service = service_of(capture.origin);
      step.declared_path = step.path;
      if (result.project_mapped) {
        const std::string id = "/" + options.project_id;
        if (segments.size() > 1 && is_api_version(segments[0]) && segments[1] == options.project_id)
          step.declared_path.replace(step.declared_path.find(id), id.size(), "/{project_id}");
      }
    }
    if (step.kind == StepKind::job_poll || (step.kind == StepKind::wrong_method && !step.job_id.empty()))
      step.group = "job " + step.project + " " + step.job_id;
    else if (step.kind == StepKind::failure_jobs)
      step.group = "sdrs " + step.project;
    else if (step.kind == StepKind::kps)
      step.group = "kps " + step.project;
    else if (step.kind == StepKind::wrong_method)
      step.group = step.method + " " + step.path;
    else
      step.group = "declared " + step.method + " " + step.declared_path;
    if (std::find(result.group_order.begin(), result.group_order.end(), step.group) ==
        result.group_order.end())
      result.group_order.push_back(step.group);
    result.steps.push_back(std::move(step));
  }
  if (result.steps.empty())
    throw CaptureError(capture.source + ": no exchange to turn into a scenario (the capture is empty)");
  return result;
}

Json path_expression(const Steps& steps, const std::string& path, const std::string& query) {
  const std::string full = query.empty() ? path : path + "?" + query;
  if (steps.project_mapped) {
    const std::string id = "/" + steps.project_value;
    const auto at = full.find(id);
    const auto after = at == std::string::npos ? at : at + id.size();
    if (at != std::string::npos && (after == full.size() || full[after] == '/' || full[after] == '?')) {
      std::string text = lua_text::quote(full.substr(0, at + 1)) + " .. project_id";
      if (after < full.size()) text += " .. " + lua_text::quote(full.substr(after));
      return lua_text::expression(text);
    }
  }
  return Json(full);
}

}  // namespace harness::capture::writing
