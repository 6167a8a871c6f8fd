#pragma once
// The fake's state: what jobs exist and where each one is on its timeline. Set by scenarios, read by the
// router.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <random>

#include "harness/fake/declared.hpp"
#include "harness/fake/faults.hpp"
#include "harness/fake/handler_desk.hpp"
#include "harness/fake/journal.hpp"
#include "harness/fake/optional_text.hpp"
#include "harness/fake/packed_job.hpp"
#include "harness/fake/services.hpp"
#include "harness/fake/tasks.hpp"

namespace harness::fake {

using StringMap = std::vector<std::pair<std::string, std::string>>;

// A job as a scenario describes it.
struct JobSpec {
  std::string service = "sdrs";  // whose shape the body has (harness/fake/services.hpp): sdrs or vbs
  std::string project_id;
  std::string job_id;  // empty: the world makes one (32 hex characters)
  std::string job_type;
  std::vector<std::string> timeline;  // one state per GET of the job; the last one stays
  std::vector<std::int64_t>
      durations_ms;         // if given: a timeline by time; how long each state but the last lasts
  StringMap entities;       // e.g. server_group_id
  OptionalText error_code;  // reported while the job is FAIL
  OptionalText fail_reason;
  OptionalText begin_time;  // fixed times, e.g. to serve a page's example as published
  OptionalText end_time;
  std::vector<JobSpec> sub_jobs;  // one level only; they advance with each GET of the parent
  // Fields served as the scenario gave them, laid over the body the fake writes (harness/fake/spec.hpp):
  // an explicit null, a value of another type, extra fields. Null when there are none.
  std::shared_ptr<const nlohmann::json> overrides;
  HeaderList headers;  // added to every answer of this job's GET
};

// A job's spec as views of text held elsewhere (a fake.job table, a JSON body, a JobSpec): what the world
// packs a job from. A door packs straight from what it read, with no string of its own per field; one
// JobView kept between calls (clear()) keeps its lists' room too.
struct JobView {
  std::string_view service = "sdrs";
  std::string_view project_id;
  std::string_view job_id;  // empty: the world makes one
  std::string_view job_type;
  std::vector<std::string_view> timeline;
  std::vector<std::int64_t> durations_ms;
  std::vector<std::pair<std::string_view, std::string_view>> entities;
  std::optional<std::string_view> error_code;
  std::optional<std::string_view> fail_reason;
  std::optional<std::string_view> begin_time;
  std::optional<std::string_view> end_time;
  std::vector<JobView> sub_jobs;
  std::shared_ptr<const nlohmann::json> overrides;
  HeaderList headers;

  void clear();  // as a new JobView, keeping the lists' room
};
// The views of `spec`'s strings, and the strings of `view`'s views.
JobView view_of(const JobSpec& spec);
JobSpec spec_of(const JobView& view);

// A job as the world holds it: its spec (packed) and how far it has been polled.
struct Job {
  std::shared_ptr<const PackedJob> spec;  // never changes once added, so copies of a world share it
  int polls = 0;                          // GETs served so far
  std::int64_t begin_ms = 0;
  std::optional<std::int64_t> end_ms;  // set on the first GET that finds the job terminal
  std::vector<std::optional<std::int64_t>> sub_end_ms;
  // The body once the job and its sub-jobs sit on their last states: it cannot change any more, so it is
  // served as it is instead of being built again on every poll. Only for jobs job_status.cpp cannot write
  // straight as text (sub-jobs, fields served as given); the others are cheaper to write again than to
  // keep. A pointer (shared by copies of the world, as it never changes): most jobs never have one.
  std::shared_ptr<const std::string> settled_body;
};

// Where the pages can be read two ways (fixtures/CONTRADICTIONS.md), the reading the fake serves.
struct WorldOptions {
  bool sdrs_count_is_page_size =
      false;  // SDRS failure-jobs `count`: the total matching (default) or the page's size
  bool sdrs_error_wrappers = false;  // SDRS 400/404 bodies as {"badrequest": ...}/{"itemNotFound": ...}
  HeaderList headers;                // on every answer of the fake; a name it sends itself is replaced
  std::map<std::string, ServiceOptions> services;  // credentials, paging bounds, error wording per service
};

bool is_terminal(std::string_view state);

// The world's clock in epoch milliseconds: virtual (moved only by +=) unless made real, when it follows
// std::chrono::system_clock (plus whatever was added). It reads as a plain number.
class WorldClock {
 public:
  explicit WorldClock(std::int64_t start_ms) : virtual_ms_(start_ms) {}
  operator std::int64_t() const {
    if (!real_) return virtual_ms_;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           offset_ms_;
  }
  WorldClock& operator+=(std::int64_t ms) {
    (real_ ? offset_ms_ : virtual_ms_) += ms;
    return *this;
  }
  void set_real(bool real) { real_ = real; }
  bool real() const { return real_; }

 private:
  std::int64_t virtual_ms_;
  std::int64_t offset_ms_ = 0;
  bool real_ = false;
};

class World {
 public:
  static constexpr std::int64_t kEpochMs =
      1767225600000;  // 2026-01-01T00:00:00.000Z: reports stay reproducible

  explicit World(std::uint64_t seed = 0);

  // Adds a job and returns its id. Throws std::invalid_argument naming the field that is wrong.
  std::string add_job(const JobSpec& spec);
  // The same, returning the spec as the world holds it (ids filled in), without looking the job up again.
  std::shared_ptr<const PackedJob> insert_job(const JobSpec& spec);
  // The same from views, which need to live only as long as the call.
  std::shared_ptr<const PackedJob> insert_job(const JobView& spec);
  Job* find_job(std::string_view project_id, std::string_view job_id);
  std::size_t job_count() const { return jobs_.size(); }

  // Failed tasks, in the order they were added (the order the fake lists them in).
  const FailureJob& add_failure_job(
      FailureJob row);  // fills ids and times left empty; throws std::invalid_argument
  std::vector<FailureJob>& failure_jobs() { return failure_jobs_; }
  const KpsTask& add_kps_task(KpsTask task);
  std::vector<KpsTask>& kps_tasks() { return kps_tasks_; }

  // Endpoints the scenario declared, in the order declared; one on the same method and path as an earlier one
  // replaces it (and starts its answers again).
  void declare_endpoint(DeclaredSpec spec);
  std::vector<DeclaredEndpoint>& declared_endpoints() { return declared_; }

  WorldOptions& options() { return options_; }
  const WorldOptions& options() const { return options_; }
  // The world's clock: virtual, moved only by advance(), so begin_time/end_time and timelines are
  // reproducible.
  std::int64_t now_ms() const { return now_ms_; }
  void advance(std::int64_t ms) { now_ms_ += ms; }
  // `harness serve`: an external client is served on real time, so the clock follows the system clock
  // (advance() still moves it forward). Off by default.
  void set_real_clock(bool real) { now_ms_.set_real(real); }
  bool real_clock() const { return now_ms_.real(); }
  // Every job back at the start of its timeline, begun now (`harness serve`'s reset of the script's world).
  void restart_jobs();
  // With restore_jobs(), how `harness serve` keeps the world file's world for its resets without a second map
  // of every job: the world without its jobs, and the jobs' specs (shared, so a pointer each).
  std::vector<std::shared_ptr<const PackedJob>> job_specs() const;  // in key order
  World copy_without_jobs();                                        // this world is left as it was
  // Adds each job at the start of its timeline, begun now: as restart_jobs() leaves a job.
  void restore_jobs(const std::vector<std::shared_ptr<const PackedJob>>& specs);

  // Faults in the order set; pick_fault() counts the request against each matching fault and returns the
  // index of the one that answers it, or -1.
  void add_fault(FaultSpec spec) { faults_.push_back({std::move(spec)}); }
  int pick_fault(const Request& request);
  const std::vector<Fault>& faults() const { return faults_; }

  Journal& journal() { return journal_; }
  const Journal& journal() const { return journal_; }

  // Default error codes and messages by endpoint and status (fixtures/<service>/statuses.json).
  using ErrorDefault = ErrorText;
  using ErrorCatalog = std::map<std::pair<std::string, int>, ErrorDefault>;  // ("sdrs:GET /v1/...", 503)
  void set_error_catalog(std::shared_ptr<const ErrorCatalog> catalog) { catalog_ = std::move(catalog); }
  const ErrorDefault* error_default(const std::string& endpoint, int status) const;
  std::string next_id();  // 32 hex characters, from the seed and a counter
  // The X-Request-Id of the next answer: 32 hex characters from the seed and a counter of its own, so that
  // requests never change the ids of what a scenario adds.
  std::string next_request_id();

 private:
  std::uint64_t seed_;
  std::uint64_t id_counter_ = 0;
  std::uint64_t request_counter_ = 0;
  WorldClock now_ms_{kEpochMs};
  // (project_id, job_id), viewing the strings of the job's own spec: the spec outlives its entry (the Job
  // holds it) and never changes, so the key costs no allocation of its own, and lookups take views of the
  // request's path without building strings.
  using JobKey = std::pair<std::string_view, std::string_view>;
  // By job_id, then project_id: a world's jobs mostly share one project, whose 32 characters the pair's own
  // order compared at every step down the tree (the order is nobody's to see).
  struct JobKeyLess {
    bool operator()(const JobKey& a, const JobKey& b) const {
      const int by_job = a.second.compare(b.second);
      return by_job != 0 ? by_job < 0 : a.first < b.first;
    }
  };
  std::map<JobKey, Job, JobKeyLess> jobs_;
  WorldOptions options_;
  std::vector<Fault> faults_;
  std::mt19937_64 random_;
  Journal journal_;
  std::shared_ptr<const ErrorCatalog> catalog_;
  std::vector<FailureJob> failure_jobs_;
  std::vector<KpsTask> kps_tasks_;
  std::vector<DeclaredEndpoint> declared_;
};

// The world shared between the scenario (which sets it) and the server thread (which serves it).
class SharedWorld {
 public:
  explicit SharedWorld(std::uint64_t seed = 0) : world_(seed), baseline_(seed) {}

  template <typename F>
  auto with(F&& f) {
    std::lock_guard lock(mutex_);
    return f(world_);
  }
  // The world as the scenario's top level left it is the baseline every case starts from.
  void save_baseline() {
    std::lock_guard lock(mutex_);
    baseline_ = world_;
  }
  void restore_baseline() {
    std::lock_guard lock(mutex_);
    world_ = baseline_;
  }
  // Where requests for the world's Lua-function endpoints wait for the scenario's thread.
  HandlerDesk& desk() { return desk_; }

 private:
  std::mutex mutex_;
  HandlerDesk desk_;
  World world_;
  World baseline_;
};

// 1767225600000 -> "2026-01-01T00:00:00.000Z", the pages' time format.
std::string format_time(std::int64_t epoch_ms);

}  // namespace harness::fake
