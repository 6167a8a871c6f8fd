#include "harness/runner/coverage_collect.hpp"

#include "harness/runner/error_catalog.hpp"

#include <filesystem>
#include <string_view>

#include "harness/fake/router.hpp"

namespace harness::runner {
namespace {

int status_number(const std::string& text, const std::string& file, const std::string& pointer) {
  std::size_t used = 0;
  int status = 0;
  try {
    status = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || status < 100 || status > 599)
    throw contract::FixtureError(file, pointer, "\"" + text + "\" is not an HTTP status");
  return status;
}

// The job states the job-status schema's "status" enum allows (definitions/status or properties/status).
void add_documented_states(const contract::FixtureStore& fixtures, report::Coverage& coverage) {
  for (const char* name : {"sdrs/job_status", "vbs/job_status"}) {
    if (!std::filesystem::exists(fixtures.root() / (std::string(name) + ".schema.json"))) continue;
    const auto schema = fixtures.load(std::string(name) + ".schema");
    for (const auto* pointer : {"/definitions/status/enum", "/properties/status/enum"}) {
      const auto at = nlohmann::json::json_pointer(pointer);
      if (!schema.contains(at) || !schema.at(at).is_array()) continue;
      for (const auto& state : schema.at(at))
        if (state.is_string()) {
          coverage.job_states.emplace(state.get<std::string>(), 0);
          coverage.sub_job_states.emplace(state.get<std::string>(), 0);
        }
    }
  }
}

// "a=1&b=2&b=3" -> a, b, b (names as sent).
template <typename F>
void for_each_parameter(std::string_view query, F&& f) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto name = pair.substr(0, pair.find('='));
    if (!name.empty()) f(std::string(name));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

void count_states(const std::string& served, report::Coverage& coverage) {
  std::string_view rest = served;
  bool first = true;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const std::string state(rest.substr(0, space));
    if (!state.empty()) ++(first ? coverage.job_states : coverage.sub_job_states)[state];
    first = false;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
}

}  // namespace

report::Coverage documented_coverage(const contract::FixtureStore& fixtures) {
  report::Coverage coverage;
  coverage.collected = true;
  for (const auto& service : documented_services(fixtures)) {
    const std::string name = service + "/statuses";
    const auto table = fixtures.load(name);
    for (const auto& [key, entry] : table.items()) {
      if (!entry.is_object() || !entry.contains("statuses")) continue;  // "$comment"
      const std::string file = (fixtures.root() / (name + ".json")).string();
      report::EndpointCoverage endpoint{service, key, {}, {}, {}};
      if (entry.contains("success") && entry.at("success").is_number_integer())
        endpoint.statuses[entry.at("success").get<int>()] = 0;
      for (const auto& [status, row] : entry.at("statuses").items())
        endpoint.statuses[status_number(status, file, "/" + key + "/statuses/" + status)] = 0;
      coverage.endpoints[service + ":" + key] = std::move(endpoint);
    }
  }
  for (const auto& kind : report::fault_kinds()) coverage.faults[kind] = 0;
  add_documented_states(fixtures, coverage);
  return coverage;
}

void collect_coverage(fake::World& world, report::Coverage& coverage) {
  coverage.collected = true;
  coverage.journal_dropped += world.journal().dropped();
  const auto& faults = world.faults();
  for (const auto& entry : world.journal().entries()) {
    ++coverage.requests;
    fake::Request request;
    request.method = entry.method;
    request.target = entry.target;
    const auto match = fake::match_endpoint(world, request);
    if (match.key.empty()) {
      ++coverage.unmatched_requests;
    } else {
      auto& endpoint = coverage.endpoints[match.service + ":" + match.key];
      endpoint.service = match.service;
      endpoint.key = match.key;
      if (entry.status != 0) {
        if (auto documented = endpoint.statuses.find(entry.status); documented != endpoint.statuses.end())
          ++documented->second;
        else
          ++endpoint.undocumented[entry.status];
      }
      for_each_parameter(request.query(), [&](std::string name) { ++endpoint.query[name]; });
    }
    if (entry.fault > 0 && static_cast<std::size_t>(entry.fault) <= faults.size()) {
      const auto& spec = faults[static_cast<std::size_t>(entry.fault) - 1].spec;
      ++coverage.faults[fake::fault_action_name(spec.action)];
      // Any fault can also wait before it acts: that delivers a delay too.
      if (spec.action != fake::FaultAction::delay && spec.delay.count() > 0) ++coverage.faults["delay"];
    }
    count_states(entry.served_states, coverage);
  }
}

}  // namespace harness::runner
