#pragma once
// One parser for what a scenario sets in the world, from one neutral value (spec_value.hpp): the tables of
// fake.* (read into it by harness/script) and the bodies of the admin API (harness/serve, JSON) go through
// it, so both doors accept the same fields and say the same thing about a wrong one. Each reader also takes
// JSON, which is the same reader over SpecTree(json).
//
// The world is permissive: a body field is served as given. A string goes where the page puts one; an
// explicit null or a value of another type is served in its place; `extra` merges fields into the body. Only
// what cannot be served at all is an error (a timeline without states, a count that is not a whole number).
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "harness/fake/faults.hpp"
#include "harness/fake/spec_value.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// A spec that cannot be served; what() names the field: "timeline[2]: must be a state or {...}".
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// `project_id` is used where the spec gives none.
JobSpec job_spec(const SpecValue& spec, const std::string& project_id);
// The same as views of `spec`'s strings (and of `project_id`), into `into` (emptied first): for a door that
// packs the job before its value goes.
void job_view(const SpecValue& spec, const std::string& project_id, JobView& into);
JobSpec job_spec(const nlohmann::json& spec, const std::string& project_id);
FailureJob failure_job_spec(const SpecValue& spec, const std::string& project_id);
FailureJob failure_job_spec(const nlohmann::json& spec, const std::string& project_id);
KpsTask kps_task_spec(const SpecValue& spec, const std::string& project_id);
KpsTask kps_task_spec(const nlohmann::json& spec, const std::string& project_id);
FaultSpec fault_spec(const SpecValue& spec);
FaultSpec fault_spec(const nlohmann::json& spec);
// fake.options{...}: what the spec names changes; the rest stays. Every field is checked before any is set,
// so a spec that throws leaves `options` as it was.
void apply_options(const SpecValue& spec, WorldOptions& options);
void apply_options(const nlohmann::json& spec, WorldOptions& options);
// fake.clock.advance(seconds) and POST /__admin/clock {"advance": seconds}: the milliseconds to move the
// world's clock by; seconds from 0 to 1e9 (a larger step has no use and would overflow the clock).
std::int64_t clock_advance_ms(const SpecValue& seconds);
std::int64_t clock_advance_ms(const nlohmann::json& seconds);
// fake.endpoint{...}: method (GET), path template, service, answers; or, with `handler` (the id of a Lua
// function, from the Lua door only), no answers.
DeclaredSpec endpoint_spec(const SpecValue& spec, std::uint64_t handler = 0);
DeclaredSpec endpoint_spec(const nlohmann::json& spec, std::uint64_t handler = 0);
// One answer {status, headers, body, content_type}: of a declared endpoint's list, or what a handler
// returned. `where` prefixes the field in messages ("answers[2].").
DeclaredAnswer answer_spec(const SpecValue& spec, const std::string& where);
DeclaredAnswer answer_spec(const nlohmann::json& spec, const std::string& where);
// fake.options{services = {kps = {require_auth = false, min_limit = 1, errors = {[404] = {...}}}}}.
std::map<std::string, ServiceOptions> services_spec(const SpecValue& spec, const std::string& where);

// Which journal entries fake.requests{...} and GET /__admin/requests return: every given condition holds.
struct JournalFilter {
  std::string method;                                      // upper case; empty: any
  std::string path;                                        // a path pattern (path_matches); empty: any
  std::vector<std::pair<std::string, std::string>> query;  // parameter = value, each present
  std::optional<int> status;                               // what was answered (0: nothing)
  std::optional<int> fault;                                // 1-based fault index; 0: answered by none
  bool matches(const JournalEntry& entry) const;
  bool matches(const PackedEntryView& entry) const;  // read in place, as the journal holds it

 private:
  bool matches(std::string_view entry_method, std::string_view target, int entry_status,
               int entry_fault) const;
};
JournalFilter journal_filter(const SpecValue& spec);
JournalFilter journal_filter(const nlohmann::json& spec);

}  // namespace harness::fake
