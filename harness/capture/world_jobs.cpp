// One fake.job per job the capture polled: the timeline its polls saw, and the real bodies' fields as the
// fake serves them (harness/fake/job_status.cpp), so that the replay answers the same bodies where the fake
// can.
#include <algorithm>
#include <array>
#include <map>

#include "harness/capture/scenario_model.hpp"
#include "harness/fake/world.hpp"

namespace harness::capture::writing {
namespace world_jobs_detail {

constexpr std::array<const char*, 4> kVbsEntityKeys = {"backup_id", "volume_id", "snapshot_id",
                                                       "bks_create_volume_name"};

// One answer of the job, as the timeline counts it (the fake counts a GET it answered, a fault's status,
// reset or close answers instead of it: harness/fake/serve.cpp).
struct Poll {
  const Step* step = nullptr;
  std::string state;                    // empty: not known (a timeout, or a body the capture lacks)
  std::vector<std::string> sub_states;  // from a journal's served states
  const Json* body = nullptr;           // the job's body, when captured
};

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text + " ") {
    if (c == ' ' || c == ',') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

bool terminal(const std::string& state) {
  return state == "SUCCESS" || state == "FAIL";
}

std::string at_poll_time(std::size_t poll) {
  return fake::format_time(fake::World::kEpochMs + 1000 * static_cast<std::int64_t>(poll));
}

// Fills unknown states from the poll before (else after), drops the repeats the fake's last state gives.
std::vector<std::string> timeline(std::vector<std::string> states) {
  for (std::size_t i = 0; i < states.size(); ++i)
    if (states[i].empty())
      for (std::size_t j = 1; j <= states.size(); ++j) {
        if (i >= j && !states[i - j].empty()) {
          states[i] = states[i - j];
          break;
        }
        if (i + j < states.size() && !states[i + j].empty()) {
          states[i] = states[i + j];
          break;
        }
      }
  for (auto& state : states)
    if (state.empty()) state = "RUNNING";  // nothing said: the fake's usual in-between state
  while (states.size() > 1 && states.back() == states[states.size() - 2]) states.pop_back();
  return states;
}

// A job's or sub-job's spec from its bodies: `bodies[i]` is what poll i showed of it (null: nothing).
Json job_fields(const std::vector<std::string>& states, const std::vector<const Json*>& bodies, bool top,
                const std::string& service) {
  Json spec = Json::object();
  const Json* last = nullptr;
  const Json* first_fail = nullptr;
  const Json* first_terminal = nullptr;
  std::size_t terminal_poll = 0;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    if (!bodies[i]) continue;
    last = bodies[i];
    const auto& state = states[std::min(i, states.size() - 1)];
    if (state == "FAIL" && !first_fail) first_fail = bodies[i];
    if (terminal(state) && !first_terminal) {
      first_terminal = bodies[i];
      terminal_poll = i;
    }
  }
  if (last && last->contains("job_id")) spec["job_id"] = (*last)["job_id"];
  if (last && last->contains("job_type"))
    spec["job_type"] = (*last)["job_type"];
  else if (last)
    spec["job_type"] = nullptr;
  else
    spec["job_type"] = "unknown";  // a journal: no body said
  if (top && service != "sdrs") spec["service"] = service;
  Json list = Json::array();
  for (const auto& state : timeline(states)) list.push_back(state);
  spec["timeline"] = list;
  if (last && last->contains("begin_time") && (*last)["begin_time"] != Json(at_poll_time(0)))
    spec["begin_time"] = (*last)["begin_time"];
  if (first_terminal && first_terminal->contains("end_time") &&
      (*first_terminal)["end_time"] != Json(at_poll_time(terminal_poll)))
    spec["end_time"] = (*first_terminal)["end_time"];
  if (first_fail && first_fail->contains("error_code") && (*first_fail)["error_code"] != Json("SDRS.0405"))
    spec["error_code"] = (*first_fail)["error_code"];
  if (first_fail && first_fail->contains("fail_reason") &&
      (*first_fail)["fail_reason"] != Json("Failed to execute the job."))
    spec["fail_reason"] = (*first_fail)["fail_reason"];
  Json extra = Json::object();
  if (last) {
    for (auto it = last->begin(); it != last->end(); ++it) {
      const auto& name = it.key();
      if (name == "entities" && it->is_object()) {
        Json entities = *it;
        if (service == "sdrs") entities.erase("sub_jobs");
        if (!entities.empty()) spec["entities"] = entities;
      } else if (name == "sub_jobs" && service == "vbs") {
        continue;
      } else if (name != "status" && name != "job_id" && name != "job_type" && name != "begin_time" &&
                 name != "end_time" && name != "error_code" && name != "fail_reason") {
        extra[name] = *it;  // a field the fake does not know: served as given
      }
    }
  }
  if (!extra.empty()) spec["extra"] = extra;
  return spec;
}

const Json* sub_jobs_of(const Json* body, const std::string& service) {
  if (!body) return nullptr;
  const Json* holder =
      service == "vbs" ? body : (body->contains("entities") ? &(*body)["entities"] : nullptr);
  if (!holder || !holder->is_object() || !holder->contains("sub_jobs")) return nullptr;
  const Json& subs = (*holder)["sub_jobs"];
  return subs.is_array() ? &subs : nullptr;
}

// SDRS and VBS poll the same path. The host says which when it is named after the service; else a body does:
// VBS puts sub_jobs at the top, its entities are volume-backup ids, its job types are bks* ones (API.md).
bool vbs_shaped(const Json& body) {
  if (body.contains("sub_jobs")) return true;
  if (body.contains("job_type") && body["job_type"].is_string() &&
      body["job_type"].get_ref<const std::string&>().starts_with("bks"))
    return true;
  if (!body.contains("entities") || !body["entities"].is_object()) return false;
  const Json& entities = body["entities"];
  return std::any_of(kVbsEntityKeys.begin(), kVbsEntityKeys.end(),
                     [&](const char* key) { return entities.contains(key); });
}

std::string service_of_job(const std::string& host_service, const std::vector<Poll>& polls) {
  if (host_service == "sdrs" || host_service == "vbs") return host_service;
  const bool vbs = std::any_of(polls.begin(), polls.end(),
                               [](const Poll& poll) { return poll.body && vbs_shaped(*poll.body); });
  return vbs ? "vbs" : "sdrs";
}

}  // namespace world_jobs_detail

using namespace world_jobs_detail;

bool counts_as_poll(const Step& step) {
  if (step.kind != StepKind::job_poll || step.forced_fault) return false;
  if (step.status == 0)
    return step.failure == "timeout" || step.failure == "truncated";  // answered, then cut
  if (step.status != 200) return false;
  if (!step.exchange->served_states.empty() || !step.response_body) return true;
  return step.response_json && step.response_json->is_object() && step.response_json->contains("status") &&
         (*step.response_json)["status"].is_string();
}

void add_jobs(const Steps& steps, WorldSpec& world) {
  for (const auto& group : steps.group_order) {
    std::vector<Poll> polls;
    const Step* any = nullptr;
    for (const auto& step : steps.steps) {
      if (step.group != group || step.kind != StepKind::job_poll) continue;
      any = &step;
      if (!counts_as_poll(step)) continue;
      Poll poll{&step, "", {}, nullptr};
      const auto served = words(step.exchange->served_states);
      if (!served.empty()) {
        poll.state = served[0];
        poll.sub_states.assign(served.begin() + 1, served.end());
      }
      if (step.status == 0 && step.response_body) {  // a cut answer may still say the state
        const std::string mark = "\"status\":\"";
        const auto at = step.response_body->find(mark);
        const auto end = at == std::string::npos ? at : step.response_body->find('"', at + mark.size());
        if (end != std::string::npos)
          poll.state = step.response_body->substr(at + mark.size(), end - at - mark.size());
      }
      if (step.status == 200 && step.response_json && step.response_json->is_object()) {
        poll.body = &*step.response_json;
        if (poll.body->contains("status") && (*poll.body)["status"].is_string())
          poll.state = (*poll.body)["status"].get<std::string>();
      }
      polls.push_back(poll);
    }
    if (!any || polls.empty()) continue;  // never answered as a job: the fake's 404 (or faults) answer it

    const std::string service = service_of_job(steps.host_service, polls);
    std::vector<std::string> states;
    std::vector<const Json*> bodies;
    std::size_t sub_count = 0;
    bool journal_only = true;
    for (const auto& poll : polls) {
      states.push_back(poll.state);
      bodies.push_back(poll.body);
      journal_only = journal_only && !poll.body;
      const Json* subs = sub_jobs_of(poll.body, service);
      sub_count = std::max({sub_count, subs ? subs->size() : 0, poll.sub_states.size()});
    }
    Json spec = job_fields(states, bodies, true, service);
    spec["job_id"] = any->job_id;  // the path's id; a different one in the body stays under extra
    if (const auto* body = bodies.back();
        body && body->contains("job_id") && (*body)["job_id"] != spec["job_id"])
      spec["extra"]["job_id"] = (*body)["job_id"];
    if (!steps.project_mapped) spec["project_id"] = any->project;
    Json ordered = Json::object();
    for (const char* name : {"job_id", "project_id", "service", "job_type", "timeline", "begin_time",
                             "end_time", "error_code", "fail_reason", "entities", "extra"})
      if (spec.contains(name)) ordered[name] = spec[name];
    if (sub_count > 0) {
      Json subs = Json::array();
      for (std::size_t k = 0; k < sub_count; ++k) {
        std::vector<std::string> sub_states;
        std::vector<const Json*> sub_bodies;
        for (const auto& poll : polls) {
          const Json* list = sub_jobs_of(poll.body, service);
          const Json* sub = list && k < list->size() && (*list)[k].is_object() ? &(*list)[k] : nullptr;
          std::string state = k < poll.sub_states.size() ? poll.sub_states[k] : "";
          if (sub && sub->contains("status") && (*sub)["status"].is_string()) state = (*sub)["status"];
          sub_states.push_back(state);
          sub_bodies.push_back(sub);
        }
        Json sub = job_fields(sub_states, sub_bodies, false, "sub");
        if (sub.contains("extra")) sub["extra"].erase("sub_jobs");
        if (sub.contains("extra") && sub["extra"].empty()) sub.erase("extra");
        subs.push_back(sub);
      }
      ordered["sub_jobs"] = subs;
    }
    WorldSpec::Item item{"fake.job", ordered, {}, ""};
    std::string seen;
    for (const auto& state : states) seen += (seen.empty() ? "" : ", ") + (state.empty() ? "?" : state);
    item.comments.push_back("polled " + std::to_string(polls.size()) + " times: " + seen);
    if (journal_only)
      item.comments.push_back(
          "a journal has no bodies: job_type, times and entities are the fake's defaults");
    world.items.push_back(std::move(item));
  }
}

}  // namespace harness::capture::writing
