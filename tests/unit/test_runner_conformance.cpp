// Every response the fake produces conforms to its fixture (DESIGN.md, Contract): seeded random worlds, every
// kind of request, valid and invalid, through fake::route without a socket; each answer is checked against
// the schema fixtures/<service>/statuses.json names for its endpoint and status, and against what no schema
// can say (timelines, totals, paging, deletes, authentication) by a model the test keeps on its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/contract/fixture_store.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/world.hpp"

namespace fake = harness::fake;
using Json = nlohmann::json;
using Strings = std::vector<std::string>;

namespace {

constexpr std::uint64_t kSeeds = 100;
const Strings kStates = {"SUCCESS", "RUNNING", "FAIL", "INIT"};
const Strings kResourceTypes = {"server_groups", "protected_instances", "replications",
                                "disaster_recovery_drills"};
const Strings kFailureStatuses = {"createFail",  "deleteFail",   "attachFail",   "detachFail",
                                  "expandFail",  "resizeFail",   "startFail",    "stopFail",
                                  "reverseFail", "failoverFail", "reprotectFail"};
const Strings kOperateTypes = {"FAILED_RESET",  "FAILED_REPLACE",  "FAILED_UNBIND",
                               "RUNNING_RESET", "RUNNING_REPLACE", "RUNNING_UNBIND"};
const Strings kValidInts = {"0", "1", "2", "3", "5", "7", "007", "1000"};
const Strings kInvalidInts = {"1001", "-1", "abc", "1.5", "", "1e3", "+1", "99999999999999999999"};
const std::string kJobs = "/v1/{project_id}/jobs/{job_id}",
                  kFailureJobs = "/v1/{project_id}/task-center/failure-jobs";
const std::string kFailureJob = kFailureJobs + "/{failure_job_id}", kAllBatch = kFailureJobs + "/batch";
const std::string kGroupBatch = "/v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch";
const std::string kFailedTasks = "/v3/{project_id}/failed-tasks", kFailedTask = kFailedTasks + "/{task_id}";
const std::string kRunningTasks = "/v3/{project_id}/running-tasks",
                  kTask = "/v3/{project_id}/tasks/{task_id}";

struct Findings {
  std::size_t validated = 0;
  // "schema", "invariant", "table" -> what was wrong -> (how often, the first seed, request and body)
  std::map<std::string, std::map<std::string, std::pair<std::size_t, std::string>>> by_kind;
  std::unordered_map<std::string, std::vector<harness::contract::Violation>>
      checked;  // schema + body -> result
  double seconds = 0;
};

Json load_table(const std::string& service) {
  std::ifstream in(std::string(HARNESS_SOURCE_DIR) + "/fixtures/" + service + "/statuses.json");
  return Json::parse(in);
}

// Reads a member that may be missing or of another type (the schema check reports that) without throwing.
Json at(const Json& object, const char* key) {
  return object.is_object() && object.contains(key) ? object[key] : Json();
}
std::string str(const Json& object, const char* key) {
  const Json value = at(object, key);
  return value.is_string() ? value.get<std::string>() : "";
}
std::size_t num(const Json& object, const char* key) {
  const Json value = at(object, key);
  return value.is_number_unsigned() ? value.get<std::size_t>() : static_cast<std::size_t>(-1);
}

// The code of an error body, whatever its shape: {error_code}, {error: {code}}, {badrequest: {code}}, ...
std::string error_code(const Json& body) {
  if (!body.is_object()) return "";
  if (body.contains("error_code")) return str(body, "error_code");
  for (const auto& [key, value] : body.items())
    if (value.is_object() && value.contains("code")) return str(value, "code");
  return "";
}

// One world and one random stream per seed; what it finds goes to `out`, named by seed, request and body.
class Run {
 public:
  Run(std::uint64_t seed, Findings& out, const harness::contract::FixtureStore& store,
      const std::map<std::string, Json>& tables)
      : seed_(seed), rng_(seed), world_(seed), out_(out), store_(store), tables_(tables) {
    world_.options().sdrs_error_wrappers = seed & 1;
    world_.options().sdrs_count_is_page_size = seed & 2;
  }
  void all() {
    jobs();
    failure_jobs();
    kps();
  }

 private:
  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  const std::string& pick(const Strings& from) { return from[below(from.size())]; }
  std::string project() { return chance(0.5) ? "p1" : "p2"; }

  // Findings are grouped by what was wrong; each group keeps its count and its first occurrence in full.
  void fail(const std::string& kind, const std::string& what) {
    auto& [count, first] = out_.by_kind[kind][what];
    if (count++ == 0)
      first = "seed " + std::to_string(seed_) +
              " (wrappers=" + std::to_string(world_.options().sdrs_error_wrappers) +
              ", count_is_page_size=" + std::to_string(world_.options().sdrs_count_is_page_size) +
              "): " + request_ + " -> " + std::to_string(status_) + " " + body_;
  }
  void expect(bool ok, const std::string& what) {
    if (!ok) fail("invariant", what);
  }

  // Sends one request, checks the answer against the table of each service in `services` (an unknown job id
  // could be either's) and returns the parsed body (null when empty or not JSON).
  Json send(const std::string& method, const std::string& target, const Strings& services,
            const std::string& pattern, int want_status, fake::HeaderList headers = {}) {
    const fake::Request request{method, target, "", headers};
    const auto response = fake::route(world_, request);
    request_ = method + " " + target;
    for (const auto& [name, value] : headers) request_ += " [" + name + ": " + value + "]";
    status_ = response.status;
    body_ = response.body.empty() ? "(empty)" : response.body;
    ++out_.validated;
    Json body;
    if (!response.body.empty()) {
      body = Json::parse(response.body, nullptr, false);
      if (body.is_discarded()) fail("schema", "the body is not JSON");
      if (body.is_discarded()) return nullptr;
    }
    if (want_status && status_ != want_status)
      fail("invariant", "expected status " + std::to_string(want_status));
    for (const auto& service : services) check(service, method, pattern, body, response.body);
    return body;
  }

  void check(const std::string& service, const std::string& method, const std::string& pattern,
             const Json& body, const std::string& raw) {
    const bool empty = raw.empty();

    const Json& table = tables_.at(service);
    const Json* endpoint = nullptr;
    bool exact = false;
    if (!pattern.empty() && table.contains(method + " " + pattern)) {
      endpoint = &table[method + " " + pattern];
      exact = true;
    }
    for (const auto& item : table.items())
      if (!endpoint && item.key().ends_with(" " + pattern) && !pattern.empty()) endpoint = &item.value();
    std::string schema;
    if (status_ / 100 == 2) {
      if (!exact)
        return fail("table",
                    service + ": a " + std::to_string(status_) + " for an endpoint not in the table");
      if ((*endpoint)["success"] != status_) fail("table", service + ": the table's success status differs");
      if ((*endpoint)["schema"].is_null()) {
        if (!empty) fail("schema", service + ": the table's schema is null but the body is not empty");
        return;
      }
      schema = (*endpoint)["schema"].get<std::string>();
    } else {
      schema = endpoint ? (*endpoint)["error_schema"].get<std::string>() : service + "/error";
      const bool wrapped = world_.options().sdrs_error_wrappers && exact && service == "sdrs" &&
                           pattern.find("task-center") != std::string::npos &&
                           (status_ == 400 || status_ == 404);
      if (wrapped) schema = status_ == 404 ? "sdrs/error_itemnotfound" : "sdrs/error_badrequest";
      if (endpoint) check_table(service, *endpoint, schema, body);
    }
    // check() is a pure function of schema and body: an identical body seen before is not validated twice.
    auto [cached, fresh] = out_.checked.try_emplace(schema + "\n" + raw);
    if (fresh) cached->second = store_.check(schema, body);
    for (const auto& violation : cached->second) fail("schema", schema + ": " + violation.text());
  }

  // What the schemas cannot say about an error: its status, code and body shape are the table's.
  void check_table(const std::string& service, const Json& endpoint, const std::string& schema,
                   const Json& body) {
    const auto status = std::to_string(status_);
    if (!endpoint["statuses"].contains(status))
      return fail("table", service + ": status " + status + " is not listed for this endpoint");
    const Json& entry = endpoint["statuses"][status];
    Strings codes = {entry["code"].get<std::string>()};
    for (const auto& also : entry.value("see_also", Json::array()))
      codes.push_back(also["code"].get<std::string>());
    if (std::find(codes.begin(), codes.end(), error_code(body)) == codes.end())
      fail("table", service + ": code \"" + error_code(body) + "\" is not the table's for " + status);
    Strings schemas = {endpoint["error_schema"].get<std::string>()};
    for (const auto& option : endpoint.value("error_schema_options", Json::array()))
      schemas.push_back(option.get<std::string>());
    if (std::find(schemas.begin(), schemas.end(), schema) == schemas.end())
      fail("table",
           service + ": error body " + schema + " is neither error_schema nor an error_schema_option");
  }

  // ---- SDRS and VBS job status: timelines, sub-jobs, end_time ----
  struct Tracked {
    fake::JobSpec spec;
    int polls = 0;
    std::string begin;
    std::vector<std::optional<std::string>> ends;  // [0] the job, [1..] its sub-jobs
  };

  fake::JobSpec random_job(std::string service) {
    static const Strings kSdrsKeys = {"server_group_id",       "replication_pair_id", "volume_ids",
                                      "protected_instance_id", "native_server_id",    "nic_id"};
    static const Strings kVbsKeys = {"backup_id", "volume_id", "snapshot_id", "bks_create_volume_name",
                                     "other"};
    static const Strings kTypes = {"createProtectionGroupNoCG", "failoverProtectionGroupNoCG",
                                   "bksCreateBackup", "addNicNew", "someUndocumentedJob"};
    fake::JobSpec spec;
    spec.service = service;
    spec.job_type = pick(kTypes);
    for (std::size_t i = 1 + below(6); i > 0; --i) spec.timeline.push_back(pick(kStates));
    for (std::size_t i = below(4); i > 0; --i)
      spec.entities.emplace_back(pick(service == "sdrs" ? kSdrsKeys : kVbsKeys), world_.next_id());
    if (chance(0.5)) spec.error_code = chance(0.5) ? "SDRS.0405" : "VolumeBackup.0014";
    if (chance(0.5)) spec.fail_reason = "reason " + std::to_string(below(100));
    return spec;
  }

  void check_job(const Json& job, const fake::JobSpec& spec, int poll, std::optional<std::string>& end,
                 const std::string& where) {
    const auto& want = spec.timeline[std::min<std::size_t>(poll, spec.timeline.size() - 1)];
    const Json end_time = at(job, "end_time");
    expect(str(job, "status") == want, where + "status is not the timeline's state " + want);
    expect(str(job, "job_id") == spec.job_id && str(job, "job_type") == spec.job_type,
           where + "job_id/job_type differ from the job's");
    const bool terminal = want == "SUCCESS" || want == "FAIL";
    expect(end_time.is_null() != terminal, where + "end_time is null iff the state is not terminal");
    if (end_time.is_string()) {
      expect(!end || *end == end_time, where + "end_time changed once set (was " + end.value_or("") + ")");
      expect(end_time.get<std::string>() >= str(job, "begin_time"), where + "end_time before begin_time");
      end = end_time.get<std::string>();
    }
    const bool failed = want == "FAIL";
    expect(at(job, "error_code").is_null() != failed && at(job, "fail_reason").is_null() != failed,
           where + "error_code/fail_reason are set iff the state is FAIL");
    if (failed && spec.error_code)
      expect(str(job, "error_code") == *spec.error_code, where + "error_code differs");
    if (failed && spec.fail_reason)
      expect(str(job, "fail_reason") == *spec.fail_reason, where + "fail_reason differs");
  }

  void jobs() {
    std::vector<Tracked> tracked;
    for (std::size_t i = 0, n = 2 + below(4); i < n; ++i) {
      const std::string service = chance(0.5) ? "sdrs" : "vbs";
      Tracked t;
      t.spec = random_job(service);
      t.spec.project_id = project();
      for (std::size_t s = below(4); s > 0; --s) t.spec.sub_jobs.push_back(random_job(service));
      t.spec.job_id = world_.add_job(t.spec);
      const auto* job = world_.find_job(t.spec.project_id, t.spec.job_id);
      t.spec.sub_jobs = job->spec->unpack().sub_jobs;  // with the ids the world gave them
      t.ends.resize(1 + t.spec.sub_jobs.size());
      tracked.push_back(std::move(t));
    }
    for (int round = 0; round < 10; ++round) {
      for (std::size_t k = 0; k < tracked.size(); ++k) {
        auto& t = tracked[below(tracked.size())];
        const bool sdrs = t.spec.service == "sdrs";
        const Strings service = {sdrs ? "sdrs" : "vbs"};
        const std::string path = "/v1/" + t.spec.project_id + "/jobs/" + t.spec.job_id;
        if (chance(0.1)) {  // a wrong method neither answers the job nor advances it
          send(pick({"POST", "PUT", "DELETE", "PATCH"}), path, service, kJobs, 405);
          continue;
        }
        const Json body = send("GET", path, service, kJobs, 200);
        if (!body.is_object()) continue;
        if (t.begin.empty()) t.begin = str(body, "begin_time");
        expect(str(body, "begin_time") == t.begin, "begin_time changed between polls");
        check_job(body, t.spec, t.polls, t.ends[0], "");
        // SDRS nests sub-jobs in entities, VBS puts them at the top (contradiction 5); absent when there are
        // none.
        const Json subs = sdrs ? at(at(body, "entities"), "sub_jobs") : at(body, "sub_jobs");
        const Json misplaced = sdrs ? at(body, "sub_jobs") : at(at(body, "entities"), "sub_jobs");
        expect(misplaced.is_null() &&
                   (t.spec.sub_jobs.empty() ? subs.is_null() : subs.size() == t.spec.sub_jobs.size()),
               "sub_jobs missing, misplaced or of the wrong length");
        for (std::size_t s = 0; subs.is_array() && s < std::min(subs.size(), t.spec.sub_jobs.size()); ++s)
          check_job(subs[s], t.spec.sub_jobs[s], t.polls, t.ends[s + 1],
                    "sub_jobs[" + std::to_string(s) + "]: ");
        ++t.polls;
      }
      // Unknown jobs (the id of another project's job too) could be either service's: both tables apply.
      const auto& other = tracked[below(tracked.size())].spec;
      send("GET", "/v1/" + other.project_id + "x/jobs/" + other.job_id, {"sdrs", "vbs"}, kJobs, 404);
      send("GET", "/v1/p1/jobs/" + world_.next_id(), {"sdrs", "vbs"}, kJobs, 404);
      send(pick({"GET", "POST"}),
           pick({"/", "/v1", "/v1/p1/jobs", "/v1/p1/jobs/a/b", "/v2/p1/jobs/x", "/v1/p1/nope/x"}),
           {"sdrs", "vbs"}, "", 404);
    }
  }

  // ---- SDRS failed tasks: filters, paging, count, deletes ----
  std::vector<fake::FailureJob> rows_;  // the model: what the world should hold

  struct Listing {
    Strings ids;
    std::size_t count = 0;
    bool ok = false;
  };

  Listing list_failure_jobs(const std::string& project, std::map<std::string, std::string> query) {
    std::string target = "/v1/" + project + "/task-center/failure-jobs", sep = "?";
    for (const auto& [key, value] : query) target += sep + key + "=" + value, sep = "&";
    auto valid_int = [&](const char* key, long long max) {
      auto it = query.find(key);
      if (it == query.end()) return true;
      const auto& v = it->second;
      return !v.empty() && v.size() < 6 && std::all_of(v.begin(), v.end(), ::isdigit) && std::stoll(v) <= max;
    };
    auto valid_enum = [&](const char* key, const Strings& values) {
      return !query.count(key) || std::count(values.begin(), values.end(), query[key]);
    };
    const bool valid = valid_int("limit", 1000) && valid_int("offset", 1LL << 40) &&
                       valid_enum("failure_status", kFailureStatuses) &&
                       valid_enum("resource_type", kResourceTypes);
    const Json body = send("GET", target, {"sdrs"}, kFailureJobs, valid ? 200 : 400);
    if (!valid || !body.is_object() || !body["failure_jobs"].is_array()) return {};
    const bool filtered = query.count("failure_status") || query.count("resource_type") ||
                          query.count("resource_name") || query.count("server_group_id");
    auto field = [&](const char* key, const std::string& value) {
      return !query.count(key) || query[key] == value;
    };
    Strings all;
    for (const auto& row : rows_)
      if (row.project_id == project && (filtered || row.group_level()) &&
          field("server_group_id", row.server_group_id) && field("failure_status", row.failure_status) &&
          field("resource_type", row.resource_type) && field("resource_name", row.resource_name))
        all.push_back(row.job_id);
    const std::size_t limit = query.count("limit") ? std::stoul(query["limit"]) : 1000;
    const std::size_t offset = query.count("offset") ? std::stoul(query["offset"]) : 0;
    Listing listing{{}, num(body, "count"), true};
    for (const auto& row : body["failure_jobs"]) listing.ids.push_back(str(row, "job_id"));
    const Strings page(all.begin() + std::min(offset, all.size()),
                       all.begin() + std::min(offset + limit, all.size()));
    expect(listing.ids == page, "the rows are not the matching rows [offset, offset + limit) of the world");
    expect(listing.ids.size() <= limit, "more rows than limit");
    const std::size_t want_count = world_.options().sdrs_count_is_page_size ? page.size() : all.size();
    expect(listing.count == want_count, "count is not " + std::to_string(want_count));
    for (const auto& id : listing.ids)
      expect(!deleted_.count(project + "/" + id), "a deleted row is listed: " + id);
    return listing;
  }

  std::map<std::string, std::string> random_filters(const Strings& groups, const Strings& names) {
    std::map<std::string, std::string> query;
    if (chance(0.3))
      query["failure_status"] = chance(0.85) ? pick(kFailureStatuses) : pick({"bogusFail", "CREATEFAIL", ""});
    if (chance(0.3))
      query["resource_type"] = chance(0.85) ? pick(kResourceTypes) : pick({"protectedInstance", ""});
    if (chance(0.25)) query["resource_name"] = chance(0.85) ? pick(names) : "no-such-name";
    if (chance(0.3)) query["server_group_id"] = chance(0.85) ? pick(groups) : world_.next_id();
    return query;
  }

  void failure_jobs() {
    const Strings names = {"vm-a", "vm-b", "pg-1", "pg-2"};
    Strings groups;
    for (int i = 0; i < 4; ++i) groups.push_back(world_.next_id());
    for (std::size_t i = 0, n = 12 + below(20); i < n; ++i) {
      fake::FailureJob row;
      row.project_id = project();
      row.server_group_id = pick(groups);
      row.resource_type = kResourceTypes[i % kResourceTypes.size()];
      row.failure_status = kFailureStatuses[(i + seed_) % kFailureStatuses.size()];
      if (chance(0.7)) row.resource_name = pick(names);
      rows_.push_back(world_.add_failure_job(row));
    }
    for (int op = 0; op < 60; ++op) {
      const auto p = project();
      const auto roll = below(100);
      if (roll < 55) {
        auto query = random_filters(groups, names);
        if (chance(0.5)) query["limit"] = chance(0.8) ? pick(kValidInts) : pick(kInvalidInts);
        if (chance(0.5)) query["offset"] = chance(0.8) ? pick(kValidInts) : pick(kInvalidInts);
        list_failure_jobs(p, query);
      } else if (roll < 67) {  // page through; the pages together are the whole list
        auto query = random_filters(groups, names);
        query.erase("failure_status"), query.erase("resource_type");
        const auto full = list_failure_jobs(p, query);
        const std::size_t limit = 1 + below(4);
        Strings joined;
        for (std::size_t offset = 0; offset <= full.ids.size(); offset += limit) {
          query["limit"] = std::to_string(limit), query["offset"] = std::to_string(offset);
          const auto page = list_failure_jobs(p, query);
          joined.insert(joined.end(), page.ids.begin(), page.ids.end());
        }
        expect(joined == full.ids, "the pages joined are not the whole list");
      } else if (roll < 80) {  // delete one, then the same again
        std::vector<std::size_t> mine;
        for (std::size_t i = 0; i < rows_.size(); ++i)
          if (rows_[i].project_id == p) mine.push_back(i);
        const std::string id = mine.empty() ? world_.next_id() : rows_[mine[below(mine.size())]].job_id;
        const std::string path = "/v1/" + p + "/task-center/failure-jobs/" + id;
        send("DELETE", path, {"sdrs"}, kFailureJob, mine.empty() ? 404 : 204);
        std::erase_if(rows_, [&](const fake::FailureJob& r) { return r.project_id == p && r.job_id == id; });
        deleted_.insert(p + "/" + id);
        send("DELETE", path, {"sdrs"}, kFailureJob, 404);
      } else if (roll < 85) {
        send("DELETE", "/v1/" + p + "/task-center/failure-jobs/" + world_.next_id(), {"sdrs"}, kFailureJob,
             404);
      } else if (roll < 92) {
        const auto group = chance(0.8) ? pick(groups) : world_.next_id();
        send("DELETE", "/v1/" + p + "/task-center/" + group + "/failure-jobs/batch", {"sdrs"}, kGroupBatch,
             204);
        for (const auto& r : rows_)
          if (r.project_id == p && r.server_group_id == group) deleted_.insert(p + "/" + r.job_id);
        std::erase_if(rows_, [&](const fake::FailureJob& r) {
          return r.project_id == p && r.server_group_id == group;
        });
      } else if (roll < 98) {
        const auto& [method, path, pattern] = pick3(p);
        send(method, path, {"sdrs"}, pattern, 405);
      } else {
        send("DELETE", "/v1/" + p + "/task-center/failure-jobs/batch", {"sdrs"}, kAllBatch, 204);
        for (const auto& r : rows_)
          if (r.project_id == p) deleted_.insert(p + "/" + r.job_id);
        std::erase_if(rows_, [&](const fake::FailureJob& r) { return r.project_id == p; });
      }
    }
  }

  std::tuple<std::string, std::string, std::string> pick3(const std::string& p) {
    const std::string base = "/v1/" + p + "/task-center/";
    switch (below(4)) {
      case 0:
        return {pick({"POST", "DELETE", "PUT"}), base + "failure-jobs", kFailureJobs};
      case 1:
        return {pick({"GET", "POST"}), base + "failure-jobs/" + world_.next_id(), kFailureJob};
      case 2:
        return {"GET", base + "failure-jobs/batch", kAllBatch};
      default:
        return {"POST", base + "g1/failure-jobs/batch", kGroupBatch};
    }
  }

  // ---- KPS tasks: authentication, lists, paging, status, deletes ----
  std::vector<fake::KpsTask> tasks_;
  std::set<std::string> deleted_;  // "project/id" of deleted SDRS rows and KPS tasks

  fake::HeaderList auth(bool valid) {
    if (valid) switch (below(3)) {
        case 0:
          return {{"X-Auth-Token", "token"}};
        case 1:
          return {{"x-auth-token", "token"}};  // header names are case-insensitive
        default:
          return {{"Authorization", "SDK-HMAC-SHA256 Access=a, SignedHeaders=b, Signature=c"}};
      }
    switch (below(3)) {
      case 0:
        return {};
      case 1:
        return {{"X-Auth-Token", ""}};
      default:
        return {{"Authorization", "Bearer abc"}};
    }
  }

  Json kps_send(const std::string& method, const std::string& target, const std::string& pattern, int want,
                bool authed) {
    const Json body = send(method, target, {"kps"}, pattern, authed ? want : 401, auth(authed));
    if (!authed)
      expect(error_code(body) == "KPS.9001", "without authentication the answer is not 401 KPS.9001");
    return body;
  }

  Strings list_tasks(const std::string& p, bool failed, std::map<std::string, std::string> query,
                     bool authed) {
    std::string target = "/v3/" + p + (failed ? "/failed-tasks" : "/running-tasks"), sep = "?";
    for (const auto& [key, value] : query) target += sep + key + "=" + value, sep = "&";
    auto valid_int = [&](const char* key, long long max) {
      const auto it = query.find(key);
      const auto& v = it == query.end() ? std::string("0") : it->second;
      return !v.empty() && v.size() < 6 && std::all_of(v.begin(), v.end(), ::isdigit) && std::stoll(v) <= max;
    };
    const bool valid = valid_int("limit", 1000) && valid_int("offset", 1LL << 40);
    const Json body =
        kps_send("GET", target, failed ? kFailedTasks : kRunningTasks, valid ? 200 : 400, authed);
    if (!valid || !authed || !body.is_object() || !body["tasks"].is_array()) return {};
    Strings all, ids;
    for (const auto& t : tasks_)
      if (t.project_id == p && (failed ? t.failed() : t.running())) all.push_back(t.task_id);
    for (const auto& t : body["tasks"]) ids.push_back(str(t, "task_id"));
    const std::size_t limit = query.count("limit") ? std::stoul(query["limit"]) : 1000;
    const std::size_t offset = query.count("offset") ? std::stoul(query["offset"]) : 0;
    const Strings page(all.begin() + std::min(offset, all.size()),
                       all.begin() + std::min(offset + limit, all.size()));
    expect(ids == page && ids.size() <= limit, "the tasks are not the model's [offset, offset + limit)");
    expect(num(body, "total") == all.size(), "total is not " + std::to_string(all.size()));
    for (const auto& id : ids) expect(!deleted_.count(p + "/" + id), "a deleted task is listed: " + id);
    return ids;
  }

  void kps() {
    for (std::size_t i = 0, n = 8 + below(14); i < n; ++i) {
      fake::KpsTask task;
      task.project_id = project();
      task.operate_type = kOperateTypes[(i + seed_) % kOperateTypes.size()];
      if (chance(0.5)) task.task_error_code = "KPS.0003";
      if (chance(0.3)) task.task_time = std::to_string(1500000000000 + below(1000000));
      tasks_.push_back(world_.add_kps_task(task));
    }
    for (int op = 0; op < 70; ++op) {
      const auto p = project();
      const bool authed = chance(0.8);
      const auto roll = below(100);
      const auto known = [&] {
        return tasks_.empty() || chance(0.2) ? world_.next_id() : pick_task().task_id;
      };
      if (roll < 35) {
        std::map<std::string, std::string> query;
        if (chance(0.5)) query["limit"] = chance(0.8) ? pick(kValidInts) : pick(kInvalidInts);
        if (chance(0.5)) query["offset"] = chance(0.8) ? pick(kValidInts) : pick(kInvalidInts);
        list_tasks(p, chance(0.5), query, authed);
      } else if (roll < 45 && authed) {  // page through
        const bool failed = chance(0.5);
        const auto full = list_tasks(p, failed, {}, true);
        const std::size_t limit = 1 + below(4);
        Strings joined;
        for (std::size_t offset = 0; offset <= full.size(); offset += limit) {
          const auto page = list_tasks(
              p, failed, {{"limit", std::to_string(limit)}, {"offset", std::to_string(offset)}}, true);
          joined.insert(joined.end(), page.begin(), page.end());
        }
        expect(joined == full, "the pages joined are not the whole list");
      } else if (roll < 65) {
        const auto id = known();
        const auto it = std::find_if(tasks_.begin(), tasks_.end(), [&](const fake::KpsTask& t) {
          return t.project_id == p && t.task_id == id;
        });
        const Json body =
            kps_send("GET", "/v3/" + p + "/tasks/" + id, kTask, it == tasks_.end() ? 400 : 200, authed);
        if (authed && it != tasks_.end())
          expect(str(body, "task_status") == it->operate_type && str(body, "task_id") == id &&
                     str(body, "server_id") == it->server_id,
                 "task status differs from the task's");
      } else if (roll < 80) {
        const auto id = known();
        auto match = [&](const fake::KpsTask& t) {
          return t.project_id == p && t.task_id == id && t.failed();
        };
        const bool exists = std::any_of(tasks_.begin(), tasks_.end(), match);
        kps_send("DELETE", "/v3/" + p + "/failed-tasks/" + id, kFailedTask, exists ? 200 : 400, authed);
        if (authed && exists) {
          deleted_.insert(p + "/" + id);
          std::erase_if(tasks_, match);
        }
      } else if (roll < 85) {
        kps_send("DELETE", "/v3/" + p + "/failed-tasks", kFailedTasks, 200, authed);
        auto match = [&](const fake::KpsTask& t) { return t.project_id == p && t.failed(); };
        for (const auto& t : tasks_)
          if (authed && match(t)) deleted_.insert(p + "/" + t.task_id);
        if (authed) std::erase_if(tasks_, match);
      } else if (roll < 95) {
        const std::string base = "/v3/" + p;
        switch (below(4)) {
          case 0:
            kps_send(pick({"POST", "PUT"}), base + "/failed-tasks", kFailedTasks, 405, authed);
            break;
          case 1:
            kps_send("DELETE", base + "/running-tasks", kRunningTasks, 405, authed);
            break;
          case 2:
            kps_send("DELETE", base + "/tasks/" + known(), kTask, 405, authed);
            break;
          default:
            kps_send("GET", base + "/failed-tasks/" + known(), kFailedTask, 405, authed);
            break;
        }
      } else {  // paths KPS does not have: 404 with or without authentication
        send(pick({"GET", "DELETE"}),
             pick({"/v3/" + p + "/nope", "/v3/" + p + "/failed-tasks/a/b", "/v3/" + p + "/tasks"}), {"kps"},
             "", 404, auth(authed));
      }
    }
  }

  const fake::KpsTask& pick_task() { return tasks_[below(tasks_.size())]; }

  std::uint64_t seed_;
  std::mt19937_64 rng_;
  fake::World world_;
  Findings& out_;
  const harness::contract::FixtureStore& store_;
  const std::map<std::string, Json>& tables_;
  std::string request_, body_;
  int status_ = 0;
};

const Findings& findings() {
  static const Findings result = [] {
    Findings out;
    const auto start = std::chrono::steady_clock::now();
    const harness::contract::FixtureStore store(std::string(HARNESS_SOURCE_DIR) + "/fixtures");
    const std::map<std::string, Json> tables = {
        {"sdrs", load_table("sdrs")}, {"vbs", load_table("vbs")}, {"kps", load_table("kps")}};
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) Run(seed, out, store, tables).all();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[conformance] " << out.validated << " responses validated from " << kSeeds
              << " seeded worlds in " << out.seconds << " s (" << out.checked.size()
              << " distinct schema/body pairs)\n";
    return out;
  }();
  return result;
}

std::string report(const std::map<std::string, std::pair<std::size_t, std::string>>& found) {
  std::string text;
  for (const auto& [what, seen] : found)
    text += "\n" + what + " (" + std::to_string(seen.first) + " times); first: " + seen.second + "\n";
  return text;
}

}  // namespace

TEST(RunnerConformance, EveryResponseConformsToItsFixture) {
  const auto& found = findings();
  RecordProperty("responses_validated", static_cast<int>(found.validated));
  EXPECT_GT(found.validated, 10000u);
  const auto it = found.by_kind.find("schema");
  EXPECT_TRUE(it == found.by_kind.end()) << report(it->second);
}

TEST(RunnerConformance, TimelinesCountsPagingDeletesAndAuthenticationHold) {
  const auto it = findings().by_kind.find("invariant");
  EXPECT_TRUE(it == findings().by_kind.end()) << report(it->second);
}

// Where the fake and fixtures/*/statuses.json disagree (found by this test; reported, not fixed here):
// - KPS answers a wrong method with 405 HARNESS.0405, a status kps/statuses.json lists for no endpoint;
// - with sdrs_error_wrappers, DELETE .../failure-jobs/{id} answers 404 as {"itemNotFound": ...}, but only
//   GET .../failure-jobs lists the wrappers under error_schema_options;
// - an unknown job id answers 404 HARNESS.0404; vbs/statuses.json says a VBS 404 is common.0011 "query job
// fail"
//   (the fake cannot tell the service of a job it does not have).
const Strings kKnownTableDiscrepancies = {
    "kps: status 405 is not listed for this endpoint",
    "sdrs: error body sdrs/error_itemnotfound is neither error_schema nor an error_schema_option",
    "vbs: code \"HARNESS.0404\" is not the table's for 404"};

std::map<std::string, std::pair<std::size_t, std::string>> table_findings(bool known) {
  std::map<std::string, std::pair<std::size_t, std::string>> out;
  const auto it = findings().by_kind.find("table");
  if (it == findings().by_kind.end()) return out;
  for (const auto& [what, seen] : it->second)
    if (std::count(kKnownTableDiscrepancies.begin(), kKnownTableDiscrepancies.end(), what) == (known ? 1 : 0))
      out.emplace(what, seen);
  return out;
}

TEST(RunnerConformance, EveryErrorIsListedInItsStatusTable) {
  const auto found = table_findings(false);
  EXPECT_TRUE(found.empty()) << report(found);
}

TEST(RunnerConformance, KnownStatusTableDiscrepancies) {
  const auto found = table_findings(true);
  if (!found.empty())
    GTEST_SKIP()
        << "known discrepancies between the fake and fixtures/*/statuses.json, reported, not fixed here:"
        << report(found);
}
