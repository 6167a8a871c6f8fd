// Which captured answers the world the file writes gives by itself, found by replaying each case's requests
// against that world in the fake's own router (harness/fake/router.hpp), and a fake.fault for every other
// one, scheduled with nth/times/after so that the replay meets it at the same request.
#include <cmath>
#include <map>

#include "harness/capture/scenario_model.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/spec.hpp"

namespace harness::capture::writing {
namespace world_simulation_detail {

// The world the file's top level builds, in the fake itself.
fake::World build_world(const Steps& steps, const WorldSpec& spec) {
  fake::World world;
  const std::string project = steps.project_mapped ? steps.project_value : "0605767d5d00d5762fd3c00d0b24be3d";
  for (const auto& item : spec.items) {
    const nlohmann::json json(item.spec);  // no text between: a string may hold bytes JSON text cannot
    try {
      if (item.function == "fake.job")
        world.add_job(fake::job_spec(json, project));
      else if (item.function == "fake.failure_job")
        world.add_failure_job(fake::failure_job_spec(json, project));
      else if (item.function == "fake.kps_task")
        world.add_kps_task(fake::kps_task_spec(json, project));
      else if (item.function == "fake.endpoint")
        world.declare_endpoint(fake::endpoint_spec(json));
      else if (item.function == "fake.options")
        fake::apply_options(json, world.options());
    } catch (const std::invalid_argument& error) {  // SpecError, or a world that refuses the spec
      throw CaptureError("the capture implies a world the fake refuses: " + item.function + ": " +
                         error.what());
    }
  }
  return world;
}

fake::Request request_of(const Step& step) {
  fake::Request request;
  request.method = step.method;
  request.target = step.query.empty() ? step.path : step.path + "?" + step.query;
  request.body = step.body;
  request.headers = step.headers;
  return request;
}

// The captured answer and the fake's are the same: status, and the body as JSON (or as bytes).
bool same_answer(const Step& step, const fake::Response& answer) {
  if (answer.status != step.status) return false;
  if (!step.response_body) return true;  // the capture says nothing about the body
  const auto captured = nlohmann::json::parse(*step.response_body, nullptr, false);
  const auto served = nlohmann::json::parse(answer.body, nullptr, false);
  if (!captured.is_discarded() && !served.is_discarded()) return captured == served;
  return *step.response_body == answer.body;
}

std::string lower_of(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The fault that answers as the capture did: a status with the captured body, or a transport failure.
Json fault_action(const Step& step) {
  Json action = Json::object();
  if (step.status == 0) {
    if (step.failure == "closed")
      action["close"] = true;
    else if (step.failure == "timeout")
      action["hang"] = true;
    else if (step.failure == "truncated")
      action["truncate"] = 1;
    else
      action["reset"] =
          true;  // reset, and what a fake cannot do (refused, tls, ...) or the capture does not say
    return action;
  }
  action["status"] = step.status;
  if (step.response_body) action["body"] = *step.response_body;
  if (step.status < 400 && !step.response_body) action["body"] = "";  // below 400 a fault needs a body
  if (step.response_body && !step.content_type.empty() && lower_of(step.content_type) != "application/json")
    action["content_type"] = step.content_type;
  return action;
}

bool api_works_first(const Step& step) {  // hang and truncate answer after the API did its work
  return step.status == 0 && (step.failure == "timeout" || step.failure == "truncated");
}

}  // namespace world_simulation_detail

using namespace world_simulation_detail;

bool simulate(Steps& steps, const WorldSpec& spec, const ScenarioOptions& options) {
  const fake::World baseline = build_world(steps, spec);
  bool forced = false;
  for (const auto& group : steps.group_order) {
    fake::World world = baseline;  // each case starts from the top level's world
    for (auto& step : steps.steps) {
      if (step.group != group) continue;
      step.fault.reset();
      step.fault_note.clear();
      const auto request = request_of(step);
      if (step.status == 0) {
        if (api_works_first(step)) fake::route(world, request);
        step.fault = fault_action(step);
        const bool as_captured = step.failure == "reset" || step.failure == "closed" ||
                                 step.failure == "timeout" || step.failure == "truncated";
        step.fault_note = as_captured
                              ? "the capture's " + step.failure
                              : "no answer in the capture (" + step.failure + "), replayed as a reset";
      } else if (step.forced_fault) {
        step.fault = fault_action(step);
        step.fault_note = "a body the job's fields cannot give";
      } else if (step.status < 200 || step.status > 599) {
        step.fault_note = "status " + std::to_string(step.status) + " cannot be served by a fault";
      } else {
        fake::World trial = world;
        const auto answer = fake::route(trial, request);
        if (same_answer(step, answer)) {
          world = std::move(trial);
        } else if (counts_as_poll(step) && answer.status == step.status) {
          step.forced_fault = true;  // the job's fields cannot give this body: it is served as captured
          forced = true;
        } else {
          step.fault = fault_action(step);
          step.fault_note = answer.status == step.status ? "the fake's body differs"
                                                         : "the capture's " + std::to_string(step.status);
        }
      }
      if (options.keep_timing && step.exchange->duration_ms >= 1) {
        if (!step.fault) step.fault = Json::object();
        (*step.fault)["delay"] = std::round(step.exchange->duration_ms) / 1000.0;
      }
    }
  }
  return forced;
}

std::vector<WorldSpec::Item> fault_items(const Steps& steps) {
  // Every fault matches one method and path exactly; the requests on it are counted in order, minus those an
  // earlier fault on it answered (faults after the one that answers do not see the request).
  std::map<std::string, std::vector<const Step*>> by_path;
  for (const auto& step : steps.steps) by_path[step.method + " " + step.path].push_back(&step);
  std::vector<std::pair<std::size_t, WorldSpec::Item>> faults;
  for (const auto& [where, requests] : by_path) {
    std::size_t answered = 0;
    for (std::size_t i = 0; i < requests.size();) {
      if (!requests[i]->fault) {
        ++i;
        continue;
      }
      std::size_t run = 1;  // the same answer at the requests that follow: one fault, `times` of them
      while (i + run < requests.size() && requests[i + run]->fault &&
             *requests[i + run]->fault == *requests[i]->fault)
        ++run;
      const std::size_t seen = i + 1 - answered;  // this fault's count at its first request
      Json spec = Json::object();
      spec["method"] = requests[i]->method;
      spec["path"] = path_expression(steps, requests[i]->path);
      if (seen == 1)
        spec["times"] = run;
      else if (run == 1)
        spec["nth"] = seen;
      else
        spec["after"] = seen - 1, spec["times"] = run;
      for (auto it = requests[i]->fault->begin(); it != requests[i]->fault->end(); ++it) spec[it.key()] = *it;
      std::string note = "#" + std::to_string(requests[i]->number);
      if (run > 1) note += "-#" + std::to_string(requests[i + run - 1]->number);
      note += requests[i]->fault_note.empty() ? ": the capture's timing" : ": " + requests[i]->fault_note;
      faults.push_back({requests[i]->number, {"fake.fault", spec, {note}, ""}});
      answered += run;
      i += run;
    }
  }
  std::sort(faults.begin(), faults.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<WorldSpec::Item> items;
  for (auto& [number, item] : faults) items.push_back(std::move(item));
  return items;
}

}  // namespace harness::capture::writing
