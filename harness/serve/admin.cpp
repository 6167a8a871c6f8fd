#include "harness/serve/admin.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <openssl/evp.h>

#include "harness/fake/json_text.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::serve {
namespace {

using Json = nlohmann::json;
using Ordered = nlohmann::ordered_json;

// Reads the fields of one JSON object, naming each field (with `where` before it) in its errors.
class Fields {
 public:
  Fields(const Json& body, std::string where, const std::set<std::string>& allowed)
      : body_(body), where_(std::move(where)) {
    if (!body_.is_object())
      throw AdminError(where_.empty() ? "the body must be a JSON object"
                                      : where_.substr(0, where_.size() - 1) + ": must be a JSON object");
    for (const auto& [key, value] : body_.items())
      if (!allowed.count(key)) {
        std::string names;
        for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
        throw AdminError(where_ + key + ": unknown field (expected one of " + names + ")");
      }
  }

  const Json* find(const char* key) const {
    auto it = body_.find(key);
    return it == body_.end() || it->is_null() ? nullptr : &*it;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw AdminError(where_ + key + ": " + why);
  }
  // "" when absent, like the Lua API.
  std::string string(const char* key) const {
    const Json* value = find(key);
    if (!value) return {};
    if (!value->is_string()) fail(key, "must be a string");
    return value->get<std::string>();
  }
  std::optional<std::string> optional_string(const char* key) const {
    auto value = string(key);
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  void take(const char* key, std::string& target) const {
    if (auto value = optional_string(key)) target = *value;
  }
  std::optional<double> number(const char* key) const {
    const Json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) fail(key, "must be a number");
    return value->get<double>();
  }
  int whole(const char* key, int lowest) const {
    auto value = number(key);
    if (!value) return 0;
    if (*value < lowest || std::floor(*value) != *value)
      fail(key, "must be a whole number >= " + std::to_string(lowest));
    return static_cast<int>(*value);
  }
  bool flag(const char* key) const {
    const Json* value = find(key);
    if (!value) return false;
    if (!value->is_boolean()) fail(key, "must be true or false");
    return value->get<bool>();
  }
  std::vector<std::pair<std::string, std::string>> string_map(const char* key, bool numbers) const {
    std::vector<std::pair<std::string, std::string>> pairs;
    const Json* value = find(key);
    if (!value) return pairs;
    if (!value->is_object()) fail(key, "must be an object of strings");
    for (const auto& [name, item] : value->items()) {
      if (item.is_string())
        pairs.emplace_back(name, item.get<std::string>());
      else if (numbers && item.is_number())
        pairs.emplace_back(name, item.dump());
      else
        fail(std::string(key) + "." + name, "must be a string");
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
  }
  const std::string& where() const { return where_; }

 private:
  const Json& body_;
  std::string where_;
};

fake::JobSpec read_job(const Json& body, const std::string& where, bool top, const std::string& project_id) {
  std::set<std::string> allowed = {"job_id",     "job_type",    "timeline",   "entities",
                                   "error_code", "fail_reason", "begin_time", "end_time"};
  if (top) allowed.insert({"service", "project_id", "sub_jobs"});
  Fields fields(body, where, allowed);
  fake::JobSpec spec;
  if (top) {
    auto service = fields.string("service");
    if (service == "vbs")
      spec.service = fake::Service::vbs;
    else if (!service.empty() && service != "sdrs")
      fields.fail("service", "\"" + service + "\" is not one of sdrs, vbs");
    spec.project_id = fields.string("project_id");
    if (spec.project_id.empty()) spec.project_id = project_id;
  }
  spec.job_id = fields.string("job_id");
  spec.job_type = fields.string("job_type");
  spec.error_code = fields.optional_string("error_code");
  spec.fail_reason = fields.optional_string("fail_reason");
  spec.begin_time = fields.optional_string("begin_time");
  spec.end_time = fields.optional_string("end_time");

  // A state is a string (held for one GET) or {"state": "RUNNING", "seconds": N} (held for N seconds).
  const Json* timeline = fields.find("timeline");
  if (!timeline || !timeline->is_array()) fields.fail("timeline", "must be a list of states");
  const std::size_t n = timeline->size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string at = "timeline[" + std::to_string(i + 1) + "]";
    const Json& step = (*timeline)[i];
    const char* shape = "must be a state or {\"state\": \"STATE\", \"seconds\": N}";
    if (step.is_string()) {
      spec.timeline.push_back(step.get<std::string>());
      if (i + 1 < n && !spec.durations_ms.empty())
        fields.fail(at, "a timeline by time gives every state but the last its seconds");
    } else if (step.is_object()) {
      auto state = step.find("state");
      auto seconds = step.find("seconds");
      if (state == step.end() || !state->is_string() || step.size() > 2 ||
          (step.size() == 2 && seconds == step.end()))
        fields.fail(at, shape);
      spec.timeline.push_back(state->get<std::string>());
      if (i + 1 < n) {
        if (seconds == step.end() || !seconds->is_number() || seconds->get<double>() < 0)
          fields.fail(at + ".seconds", "must be a number of seconds >= 0");
        spec.durations_ms.push_back(std::llround(seconds->get<double>() * 1000));
      }
    } else {
      fields.fail(at, shape);
    }
  }
  if (!spec.durations_ms.empty() && spec.durations_ms.size() != spec.timeline.size() - 1)
    fields.fail("timeline", "by time, every state but the last needs its seconds");
  spec.entities = fields.string_map("entities", false);

  if (top)
    if (const Json* subs = fields.find("sub_jobs")) {
      if (!subs->is_array()) fields.fail("sub_jobs", "must be a list of jobs");
      for (std::size_t i = 0; i < subs->size(); ++i)
        spec.sub_jobs.push_back(
            read_job((*subs)[i], where + "sub_jobs[" + std::to_string(i + 1) + "].", false, project_id));
    }
  return spec;
}

std::chrono::milliseconds seconds_to_ms(const Fields& fields, double seconds, const char* key) {
  if (!(seconds >= 0)) fields.fail(key, "must be a number of seconds >= 0");
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

Json error_body(const std::string& message) {
  return Json{{"error", message}};
}

fake::Response json_answer(int status, const Json& body) {
  return fake::json_response(status, fake::json_text(body));
}

fake::Response admin_error(int status, const std::string& message) {
  return json_answer(status, error_body(message));
}

Ordered job_json(const fake::JobSpec& spec) {
  Ordered job;
  job["job_id"] = spec.job_id;
  job["project_id"] = spec.project_id;
  job["path"] = "/v1/" + spec.project_id + "/jobs/" + spec.job_id;
  job["sub_jobs"] = Ordered::array();
  for (const auto& sub : spec.sub_jobs) job["sub_jobs"].push_back({{"job_id", sub.job_id}});
  return job;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// `text` as a JSON string (json_text shows bad bytes as U+FFFD), and its exact bytes under `name` in `raw`
// when it is not valid UTF-8.
void put_text(Json& item, Json& raw, const std::string& name, std::string text) {
  if (!fake::is_valid_utf8(text)) raw[name] = base64(text);
  item[name] = std::move(text);
}

}  // namespace

fake::JobSpec job_from_json(const Json& body, const std::string& project_id) {
  return read_job(body, "", true, project_id);
}

fake::FailureJob failure_job_from_json(const Json& body, const std::string& project_id) {
  Fields fields(body, "",
                {"project_id", "server_group_id", "resource_id", "resource_name", "resource_type",
                 "failure_status", "job_id", "job_type", "begin_time", "error_code", "fail_reason"});
  fake::FailureJob row;
  row.project_id = fields.string("project_id");
  if (row.project_id.empty()) row.project_id = project_id;
  fields.take("server_group_id", row.server_group_id);
  fields.take("resource_id", row.resource_id);
  fields.take("resource_name", row.resource_name);
  fields.take("resource_type", row.resource_type);
  fields.take("failure_status", row.failure_status);
  fields.take("job_id", row.job_id);
  fields.take("job_type", row.job_type);
  fields.take("begin_time", row.begin_time);
  fields.take("error_code", row.error_code);
  fields.take("fail_reason", row.fail_reason);
  return row;
}

fake::KpsTask kps_task_from_json(const Json& body, const std::string& project_id) {
  Fields fields(body, "",
                {"project_id", "task_id", "operate_type", "task_time", "task_error_code", "task_error_msg",
                 "server_name", "server_id", "keypair_name"});
  fake::KpsTask task;
  task.project_id = fields.string("project_id");
  if (task.project_id.empty()) task.project_id = project_id;
  fields.take("task_id", task.task_id);
  fields.take("operate_type", task.operate_type);
  fields.take("task_time", task.task_time);
  fields.take("server_name", task.server_name);
  fields.take("server_id", task.server_id);
  fields.take("keypair_name", task.keypair_name);
  task.task_error_code = fields.optional_string("task_error_code");
  task.task_error_msg = fields.optional_string("task_error_msg");
  return task;
}

fake::FaultSpec fault_from_json(const Json& body) {
  using fake::FaultAction;
  Fields fields(body, "",
                {"method", "path",        "query",  "headers", "times",    "nth",       "every",
                 "after",  "probability", "status", "body",    "code",     "message",   "content_type",
                 "delay",  "reset",       "close",  "hang",    "truncate", "malformed", "drip"});
  fake::FaultSpec spec;
  spec.method = fields.string("method");
  std::transform(spec.method.begin(), spec.method.end(), spec.method.begin(), ::toupper);
  if (auto path = fields.optional_string("path")) spec.path = *path;
  spec.query = fields.string_map("query", true);
  spec.headers = fields.string_map("headers", true);
  spec.times = fields.whole("times", 1);
  spec.nth = fields.whole("nth", 1);
  spec.every = fields.whole("every", 1);
  spec.after = fields.whole("after", 0);
  if (auto p = fields.number("probability")) {
    if (*p < 0 || *p > 1) fields.fail("probability", "must be between 0 and 1");
    spec.probability = *p;
  }
  if (auto delay = fields.number("delay")) spec.delay = seconds_to_ms(fields, *delay, "delay");

  std::vector<std::string> kinds;
  if (auto status = fields.number("status")) {
    // With a body of its own any status from 200 goes; the documented error bodies exist for 400..599.
    const int lowest = fields.find("body") ? 200 : 400;
    if (*status < lowest || *status > 599 || std::floor(*status) != *status)
      fields.fail("status", "must be a whole number from " + std::to_string(lowest) + " to 599" +
                                (lowest == 400 ? " (or give a body)" : ""));
    spec.status = static_cast<int>(*status);
    spec.action = FaultAction::status;
    kinds.push_back("status");
  }
  for (auto [key, action] :
       {std::pair{"reset", FaultAction::reset}, std::pair{"close", FaultAction::close},
        std::pair{"hang", FaultAction::hang}, std::pair{"malformed", FaultAction::malformed}})
    if (fields.flag(key)) {
      spec.action = action;
      kinds.push_back(key);
    }
  if (fields.find("truncate")) {
    spec.action = FaultAction::truncate;
    spec.truncate_at = static_cast<std::size_t>(fields.whole("truncate", 0));
    kinds.push_back("truncate");
  }
  if (const Json* drip = fields.find("drip")) {
    Fields inner(*drip, "drip.", {"bytes", "interval"});
    if (auto bytes = inner.number("bytes")) spec.drip_bytes = static_cast<std::size_t>(std::max(1.0, *bytes));
    if (auto interval = inner.number("interval"))
      spec.drip_interval = seconds_to_ms(inner, *interval, "interval");
    spec.action = FaultAction::drip;
    kinds.push_back("drip");
  }
  if (kinds.size() > 1) throw AdminError("choose one of " + kinds[0] + " and " + kinds[1]);
  if (kinds.empty()) {
    if (spec.delay.count() == 0)
      throw AdminError(
          "says nothing to do: give status, delay, reset, close, hang, truncate, malformed or drip");
    spec.action = FaultAction::delay;
  }
  if (const Json* given = fields.find("body")) {
    if (spec.action != FaultAction::status) fields.fail("body", "goes with status");
    spec.body = given->is_string() ? given->get<std::string>() : given->dump();
  }
  spec.code = fields.optional_string("code");
  spec.message = fields.optional_string("message");
  if (auto type = fields.optional_string("content_type")) spec.content_type = *type;
  return spec;
}

Json journal_json(const fake::Journal& journal, const std::string& method, const std::string& path) {
  Json list = Json::array();
  for (const auto& entry : journal.entries()) {
    const auto q = entry.target.find('?');
    const std::string entry_path = entry.target.substr(0, q);
    if (!method.empty() && entry.method != method) continue;
    if (!path.empty() && !fake::path_matches(path, entry_path)) continue;
    Json item;
    Json raw = Json::object();
    item["method"] = entry.method;  // a token: Beast's parser lets nothing else through
    put_text(item, raw, "path", entry_path);
    put_text(item, raw, "query", q == std::string::npos ? "" : entry.target.substr(q + 1));
    Json headers = Json::object();
    Json raw_headers = Json::object();
    for (auto [name, value] : entry.headers) {  // names are tokens too
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      put_text(headers, raw_headers, name, std::move(value));
    }
    item["headers"] = std::move(headers);
    if (!raw_headers.empty()) raw["headers"] = std::move(raw_headers);
    put_text(item, raw, "body", entry.body);
    item["time"] = static_cast<double>(entry.time_ms - fake::World::kEpochMs) / 1000.0;
    item["at"] = fake::format_time(entry.time_ms);
    item["status"] = entry.status;
    item["fault"] = entry.fault;
    if (!raw.empty()) item["base64"] = std::move(raw);
    list.push_back(std::move(item));
  }
  return Json{{"requests", std::move(list)}, {"dropped", journal.dropped()}};
}

AdminApi::AdminApi(fake::SharedWorld& world, AdminSettings settings, std::function<void()> reset)
    : world_(world), settings_(std::move(settings)), reset_(std::move(reset)), port_(settings_.port) {}

std::optional<fake::Response> AdminApi::handle(const fake::Request& request) {
  const std::string path(request.path());
  if (path != "/__admin" && path.rfind("/__admin/", 0) != 0) return std::nullopt;
  if (auto refused = refuse_admin_request(request, settings_, port_)) return refused;
  std::string route = path.substr(std::min<std::size_t>(path.size(), 9));
  while (!route.empty() && route.back() == '/') route.pop_back();
  try {
    return dispatch(request, route);
  } catch (const AdminError& e) {
    return admin_error(400, e.what());
  } catch (const std::invalid_argument& e) {  // the world's own checks (World::add_job and friends)
    return admin_error(400, e.what());
  }
}

fake::Response AdminApi::dispatch(const fake::Request& request, const std::string& route) {
  const std::string& method = request.method;
  auto not_allowed = [&](const char* allowed) {
    auto response = admin_error(
        405, "method " + method + " is not allowed on /__admin/" + route + " (allowed: " + allowed + ")");
    response.headers.emplace_back("Allow", allowed);
    return response;
  };
  auto body = [&] {
    Json parsed = Json::parse(request.body, nullptr, false);
    if (parsed.is_discarded()) throw AdminError("the body is not valid JSON");
    return parsed;
  };

  if (route == "health") {
    if (method != "GET") return not_allowed("GET");
    return world_.with([&](fake::World& world) {
      Ordered health;
      health["status"] = "ok";
      health["world"] = settings_.world_file;
      health["project_id"] = settings_.project_id;
      health["jobs"] = world.job_count();
      health["failure_jobs"] = world.failure_jobs().size();
      health["kps_tasks"] = world.kps_tasks().size();
      health["faults"] = world.faults().size();
      health["requests"] = world.journal().entries().size();
      health["now"] = fake::format_time(world.now_ms());
      return fake::json_response(200, fake::json_text(health));
    });
  }
  if (route == "requests") {
    if (method == "GET") {
      const fake::Query query(request.query());
      std::string want_method = query.get("method") ? *query.get("method") : "";
      std::transform(want_method.begin(), want_method.end(), want_method.begin(), ::toupper);
      const std::string want_path = query.get("path") ? *query.get("path") : "";
      return world_.with([&](fake::World& world) {
        return json_answer(200, journal_json(world.journal(), want_method, want_path));
      });
    }
    if (method == "DELETE") {
      auto cleared = world_.with([](fake::World& world) {
        auto n = world.journal().entries().size();
        world.journal().clear();
        return n;
      });
      return json_answer(200, Json{{"cleared", cleared}});
    }
    return not_allowed("GET, DELETE");
  }
  if (route == "jobs") {
    if (method != "POST") return not_allowed("POST");
    auto spec = job_from_json(body(), settings_.project_id);
    auto added = world_.with([&](fake::World& world) {
      auto id = world.add_job(spec);
      return *world.find_job(spec.project_id, id)->spec;
    });
    return fake::json_response(201, fake::json_text(job_json(added)));
  }
  if (route == "failure-jobs") {
    if (method != "POST") return not_allowed("POST");
    auto row = failure_job_from_json(body(), settings_.project_id);
    auto added = world_.with([&](fake::World& world) { return world.add_failure_job(row); });
    Ordered out;
    out["job_id"] = added.job_id;
    out["project_id"] = added.project_id;
    out["server_group_id"] = added.server_group_id;
    out["resource_id"] = added.resource_id;
    out["resource_name"] = added.resource_name;
    out["resource_type"] = added.resource_type;
    out["failure_status"] = added.failure_status;
    out["job_type"] = added.job_type;
    out["begin_time"] = added.begin_time;
    out["error_code"] = added.error_code;
    out["fail_reason"] = added.fail_reason;
    return fake::json_response(201, fake::json_text(out));
  }
  if (route == "kps-tasks") {
    if (method != "POST") return not_allowed("POST");
    auto task = kps_task_from_json(body(), settings_.project_id);
    auto added = world_.with([&](fake::World& world) { return world.add_kps_task(task); });
    Ordered out;
    out["task_id"] = added.task_id;
    out["project_id"] = added.project_id;
    out["operate_type"] = added.operate_type;
    out["task_time"] = added.task_time;
    out["server_name"] = added.server_name;
    out["server_id"] = added.server_id;
    out["keypair_name"] = added.keypair_name;
    if (added.task_error_code) out["task_error_code"] = *added.task_error_code;
    if (added.task_error_msg) out["task_error_msg"] = *added.task_error_msg;
    return fake::json_response(201, fake::json_text(out));
  }
  if (route == "faults") {
    if (method != "POST") return not_allowed("POST");
    auto spec = fault_from_json(body());
    int index = world_.with([&](fake::World& world) {
      world.add_fault(std::move(spec));
      return static_cast<int>(world.faults().size());
    });
    return json_answer(201, Json{{"fault", index}});
  }
  if (route == "reset") {
    if (method != "POST") return not_allowed("POST");
    reset_();
    return json_answer(200, Json{{"status", "reset"}});
  }
  return admin_error(404, "no admin API at /__admin/" + route +
                              " (there are: health, requests, jobs, failure-jobs, kps-tasks, faults, reset)");
}

}  // namespace harness::serve
