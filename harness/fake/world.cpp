#include "harness/fake/world.hpp"

#include <cctype>
#include <ctime>
#include <stdexcept>

namespace harness::fake {

bool is_terminal(std::string_view state) {
  return state == "SUCCESS" || state == "FAIL";
}

World::World(std::uint64_t seed) : seed_(seed), random_(seed) {}

int World::pick_fault(const Request& request) {
  for (std::size_t i = 0; i < faults_.size(); ++i)
    if (fault_matches(faults_[i].spec, request) && fault_fires(faults_[i], random_))
      return static_cast<int>(i);
  return -1;
}

void World::declare_endpoint(DeclaredSpec spec) {
  auto shared = std::make_shared<const DeclaredSpec>(std::move(spec));
  std::string key = shared->method + " " + shared->path.text();
  for (auto& declared : declared_)
    if (declared.spec->method == shared->method && declared.spec->path.same_shape(shared->path)) {
      declared = DeclaredEndpoint{std::move(shared), std::move(key), {}};
      return;
    }
  declared_.push_back(DeclaredEndpoint{std::move(shared), std::move(key), {}});
}

const World::ErrorDefault* World::error_default(const std::string& endpoint, int status) const {
  if (!catalog_) return nullptr;
  auto it = catalog_->find({endpoint, status});
  return it == catalog_->end() ? nullptr : &it->second;
}

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void check_timeline(const JobView& spec, const std::string& where) {
  const auto& timeline = spec.timeline;
  if (timeline.empty()) throw std::invalid_argument(where + "timeline: needs at least one state");
  if (!spec.durations_ms.empty() && spec.durations_ms.size() != timeline.size() - 1)
    throw std::invalid_argument(where + "timeline: by time, every state but the last needs its seconds");
  for (auto ms : spec.durations_ms)
    if (ms < 0) throw std::invalid_argument(where + "timeline: seconds must not be negative");
  // Any state is served as given (a state the page does not list is a contract violation the checks
  // report, not something the world refuses); SUCCESS and FAIL end the job.
}

std::string hex_id(std::uint64_t seed, std::uint64_t counter) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t halves[2] = {splitmix64(seed ^ (2 * counter)), splitmix64(seed ^ (2 * counter + 1))};
  std::string id;
  for (std::uint64_t half : halves)
    for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(half >> shift) & 0xf];
  return id;
}

}  // namespace

std::string World::next_id() {
  return hex_id(seed_, id_counter_++);
}

std::string World::next_request_id() {
  return hex_id(~seed_, request_counter_++);  // another stream than next_id's
}

namespace {

bool has_repeated_entities(const JobView& spec) {
  for (std::size_t i = 0; i < spec.entities.size(); ++i)
    for (std::size_t j = i + 1; j < spec.entities.size(); ++j)
      if (spec.entities[j].first == spec.entities[i].first) return true;
  return false;
}

// An entity given twice keeps its first place and its last value, as a JSON object would.
void merge_repeated_entities(JobView& spec) {
  auto& entities = spec.entities;
  for (std::size_t i = 0; i < entities.size(); ++i)
    for (std::size_t j = entities.size(); j-- > i + 1;)
      if (entities[j].first == entities[i].first) {
        entities[i].second = entities[j].second;  // the last one given wins
        entities.erase(entities.begin() + static_cast<std::ptrdiff_t>(j));
      }
}

}  // namespace

std::string World::add_job(const JobSpec& spec) {
  return std::string(insert_job(spec)->job_id());
}

std::shared_ptr<const PackedJob> World::insert_job(const JobSpec& spec) {
  return insert_job(view_of(spec));
}

std::shared_ptr<const PackedJob> World::insert_job(const JobView& given) {
  if (given.project_id.empty()) throw std::invalid_argument("project_id: must be a non-empty string");
  if (given.service != "sdrs" && given.service != "vbs")
    throw std::invalid_argument("service: \"" + std::string(given.service) +
                                "\" is not one of sdrs, vbs (another service's jobs: fake.endpoint)");
  check_timeline(given, "");
  // What the world fills in (ids, the sub-jobs' project and service, one of each repeated entity) goes into
  // a copy, with the ids it made beside it: most jobs need none of it and are packed from the views given.
  const bool fills = given.job_id.empty() || !given.sub_jobs.empty() || has_repeated_entities(given);
  std::optional<JobView> filled;
  std::vector<std::string> made_ids;  // what the copy's ids view
  if (fills) {
    filled = given;
    JobView& spec = *filled;
    merge_repeated_entities(spec);
    made_ids.reserve(spec.sub_jobs.size() + 1);
    for (std::size_t i = 0; i < spec.sub_jobs.size(); ++i) {
      auto& sub = spec.sub_jobs[i];
      const std::string where = "sub_jobs[" + std::to_string(i + 1) + "].";
      check_timeline(sub, where);
      if (!sub.sub_jobs.empty())
        throw std::invalid_argument(where + "sub_jobs: only one level of sub-jobs is modelled");
      if (sub.job_id.empty()) sub.job_id = made_ids.emplace_back(next_id());
      sub.project_id = spec.project_id;
      merge_repeated_entities(sub);
      sub.service = spec.service;
    }
    if (spec.job_id.empty()) spec.job_id = made_ids.emplace_back(next_id());
  }
  const JobView& spec = filled ? *filled : given;
  Job job;
  job.begin_ms = now_ms_;
  job.sub_end_ms.resize(spec.sub_jobs.size());
  job.spec = std::make_shared<const PackedJob>(spec);
  auto added = job.spec;
  const JobKey key{added->project_id(), added->job_id()};  // views into the shared spec
  // One lookup: a job already there keeps its place, and the new one is dropped with its node. The hint
  // makes a world file's loop of ascending ids one comparison a job; any other id costs one more than
  // without it.
  const std::size_t before = jobs_.size();
  jobs_.emplace_hint(jobs_.end(), key, std::move(job));
  if (jobs_.size() == before)
    throw std::invalid_argument("job_id: \"" + std::string(spec.job_id) + "\" already exists");
  return added;
}

void World::restart_jobs() {
  for (auto& [key, job] : jobs_) {
    job.polls = 0;
    job.begin_ms = now_ms_;
    job.end_ms.reset();
    job.sub_end_ms.assign(job.spec->sub_jobs().size(), std::nullopt);
    job.settled_body.reset();
  }
  for (auto& declared : declared_) declared.polls.clear();
}

std::vector<std::shared_ptr<const PackedJob>> World::job_specs() const {
  std::vector<std::shared_ptr<const PackedJob>> specs;
  specs.reserve(jobs_.size());
  for (const auto& [key, job] : jobs_) specs.push_back(job.spec);
  return specs;
}

World World::copy_without_jobs() {
  auto jobs = std::move(jobs_);  // moving a map keeps its nodes, so the keys' views stay valid
  jobs_.clear();
  World copy = *this;
  jobs_ = std::move(jobs);
  return copy;
}

void World::restore_jobs(const std::vector<std::shared_ptr<const PackedJob>>& specs) {
  for (const auto& spec : specs) {
    Job job;
    job.spec = spec;
    job.begin_ms = now_ms_;
    job.sub_end_ms.resize(spec->sub_jobs().size());
    jobs_.emplace_hint(jobs_.end(), JobKey{spec->project_id(), spec->job_id()},
                       std::move(job));  // in key order
  }
}

Job* World::find_job(std::string_view project_id, std::string_view job_id) {
  auto it = jobs_.find(JobKey{project_id, job_id});
  return it == jobs_.end() ? nullptr : &it->second;
}

std::string format_time(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  const int year = utc.tm_year + 1900;
  const int ms = static_cast<int>(epoch_ms % 1000);
  if (year >= 0 && year <= 9999 && ms >= 0) {
    // By hand: every job-status body has one or two of these, and snprintf was ~15% of a request.
    char out[] = "0000-00-00T00:00:00.000Z";
    auto put = [&](int at, int value, int digits) {
      for (int i = digits - 1; i >= 0; --i, value /= 10) out[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, year, 4);
    put(5, utc.tm_mon + 1, 2);
    put(8, utc.tm_mday, 2);
    put(11, utc.tm_hour, 2);
    put(14, utc.tm_min, 2);
    put(17, utc.tm_sec, 2);
    put(20, ms, 3);
    return std::string(out, sizeof out - 1);
  }
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(epoch_ms % 1000));
  return text;
}

}  // namespace harness::fake
