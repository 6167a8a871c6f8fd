#include "harness/serve/admin.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "harness/fake/json_text.hpp"
#include "harness/fake/kps_tasks.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/sdrs_failure_jobs.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/utf8.hpp"
#include "harness/serve/journal_body.hpp"

namespace harness::serve {
namespace {

using Json = nlohmann::json;
using Ordered = nlohmann::ordered_json;

Json error_body(const std::string& message) {
  return Json{{"error", message}};
}

fake::Response json_answer(int status, const Json& body) {
  return fake::json_response(status, fake::json_text(body));
}

fake::Response admin_error(int status, const std::string& message) {
  return json_answer(status, error_body(message));
}

Ordered job_json(const fake::PackedJob& spec) {
  Ordered job;
  job["job_id"] = std::string(spec.job_id());
  job["project_id"] = std::string(spec.project_id());
  job["path"] = "/v1/" + std::string(spec.project_id()) + "/jobs/" + std::string(spec.job_id());
  job["sub_jobs"] = Ordered::array();
  for (const auto& sub : spec.sub_jobs()) job["sub_jobs"].push_back({{"job_id", std::string(sub.job_id())}});
  return job;
}

// GET /__admin/requests?method=GET&path=/v1/*&status=503&fault=1&query.limit=10: the journal filter of
// fake.requests{...}, from the query string.
Json filter_spec(std::string_view query_string) {
  Json spec = Json::object();
  const fake::Query params(query_string);
  for (const auto& [name, value] : params.params()) {
    if (name.rfind("query.", 0) == 0) {
      spec["query"][name.substr(6)] = value;
    } else if (name == "status" || name == "fault") {
      auto number = fake::parse_integer(value);
      if (!number) throw fake::SpecError(name + ": must be a whole number");
      spec[name] = *number;
    } else {
      spec[name] = value;  // method, path; anything else is named by the spec module as unknown
    }
  }
  return spec;
}

}  // namespace

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
  } catch (const std::invalid_argument& e) {  // the spec module's errors and the world's own checks
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
    if (parsed.is_discarded()) throw fake::SpecError("the body is not valid JSON");
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
      const auto filter = fake::journal_filter(filter_spec(request.query()));
      // Copies under the lock; the body is written after it, while the fake goes on serving.
      const auto snapshot =
          world_.with([&](fake::World& world) { return snapshot_journal(world.journal(), filter); });
      return fake::json_response(200, journal_body(snapshot));
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
    auto spec = fake::job_spec(body(), settings_.project_id);
    const auto added = world_.with([&](fake::World& world) { return world.insert_job(std::move(spec)); });
    return fake::json_response(201, fake::json_text(job_json(*added)));
  }
  if (route == "failure-jobs") {
    if (method != "POST") return not_allowed("POST");
    auto row = fake::failure_job_spec(body(), settings_.project_id);
    auto out = world_.with([&](fake::World& world) {
      const auto& added = world.add_failure_job(row);
      Ordered shown = fake::failure_job_json(added);  // the row as the list shows it, and where it lives
      shown["server_group_id"] = added.server_group_id;
      shown["project_id"] = added.project_id;
      return shown;
    });
    return fake::json_response(201, fake::json_text(out));
  }
  if (route == "kps-tasks") {
    if (method != "POST") return not_allowed("POST");
    auto task = fake::kps_task_spec(body(), settings_.project_id);
    auto out = world_.with([&](fake::World& world) {
      const auto& added = world.add_kps_task(task);
      Ordered shown = fake::kps_task_json(added);
      shown["project_id"] = added.project_id;
      return shown;
    });
    return fake::json_response(201, fake::json_text(out));
  }
  if (route == "faults") {
    if (method != "POST") return not_allowed("POST");
    auto spec = fake::fault_spec(body());
    int index = world_.with([&](fake::World& world) {
      world.add_fault(std::move(spec));
      return static_cast<int>(world.faults().size());
    });
    return json_answer(201, Json{{"fault", index}});
  }
  if (route == "clock") {
    if (method != "POST") return not_allowed("POST");
    const auto spec = body();
    if (!spec.is_object() || spec.size() != 1 || !spec.contains("advance"))
      throw fake::SpecError("the body must be {\"advance\": seconds}");
    const auto ms = fake::clock_advance_ms(spec.at("advance"));
    const auto now = world_.with([&](fake::World& world) {
      world.advance(ms);
      return world.now_ms();
    });
    return json_answer(200, Json{{"now", fake::format_time(now)}});
  }
  if (route == "endpoints") {
    if (method != "POST") return not_allowed("POST");
    auto spec = fake::endpoint_spec(body());
    Json shown = {{"method", spec.method}, {"path", spec.path.text()}, {"service", spec.service}};
    world_.with([&](fake::World& world) { world.declare_endpoint(std::move(spec)); });
    return json_answer(201, shown);
  }
  if (route == "options") {
    if (method != "POST") return not_allowed("POST");
    const auto spec = body();
    world_.with([&](fake::World& world) { fake::apply_options(spec, world.options()); });
    return json_answer(200, Json{{"status", "set"}});
  }
  if (route == "reset") {
    if (method != "POST") return not_allowed("POST");
    reset_();
    return json_answer(200, Json{{"status", "reset"}});
  }
  return admin_error(
      404, "no admin API at /__admin/" + route +
               " (there are: health, requests, jobs, failure-jobs, kps-tasks, faults, endpoints, options, "
               "reset)");
}

}  // namespace harness::serve
