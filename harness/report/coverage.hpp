#pragma once
// Contract coverage: which documented statuses of every endpoint the fake answered, which fault kinds it
// delivered, which job and sub-job states it served and which query parameters requests carried. Collected
// from the run's journals (runner/coverage_collect.hpp); merged across shards; written as JSON for CI gates.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness::report {

using Counts = std::map<std::string, std::uint64_t>;  // name -> times seen (0: documented, never seen)

struct EndpointCoverage {
  std::string service;                        // "sdrs"
  std::string key;                            // "GET /v1/{project_id}/jobs/{job_id}", as in statuses.json
  std::map<int, std::uint64_t> statuses;      // every documented status -> times answered
  std::map<int, std::uint64_t> undocumented;  // answered, but not in the endpoint's table
  Counts query;                               // query parameter names requests carried -> times
};

struct Coverage {
  bool collected = false;  // false: nothing was collected (no fake, e.g. harness verify)
  std::map<std::string, EndpointCoverage> endpoints;  // "sdrs:GET /v1/..." (service:key)
  Counts faults;                         // every fault kind ("status", "delay", "reset", ...) -> deliveries
  Counts job_states;                     // every documented state -> job-status answers that served it
  Counts sub_job_states;                 // the same for sub-jobs
  std::uint64_t requests = 0;            // journal entries read
  std::uint64_t unmatched_requests = 0;  // of them, for no documented endpoint (e.g. a 404 path)
  std::uint64_t journal_dropped = 0;     // entries a full journal gave up: not counted anywhere

  // Adds `other`'s counts (shards, files, cases); documented names of either side stay listed.
  void merge(const Coverage& other);
  // "sdrs GET /v1/{project_id}/jobs/{job_id}: 401 403", one line per endpoint with a documented status
  // never answered, in endpoint order.
  std::vector<std::string> status_gaps() const;
};

// The fault kinds the fake delivers, in the order docs and reports list them.
const std::vector<std::string>& fault_kinds();

// The JSON document of --coverage-json (format "harness-coverage/1"), and back. from_json throws
// std::runtime_error naming `source` and the field when the document is not one.
nlohmann::json coverage_to_json(const Coverage& coverage);
Coverage coverage_from_json(const nlohmann::json& document, const std::string& source);
Coverage read_coverage_file(const std::string& path);

// The short table at the end of the console summary (--coverage).
void print_coverage(std::ostream& out, const Coverage& coverage);

}  // namespace harness::report
