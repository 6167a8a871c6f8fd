// A job's spec as views (JobView, world.hpp), and the ways between it and the owning JobSpec.
#include <nlohmann/json.hpp>

#include "harness/fake/world.hpp"

namespace harness::fake {

void JobView::clear() {
  service = "sdrs";
  project_id = job_id = job_type = {};
  timeline.clear();
  durations_ms.clear();
  entities.clear();
  error_code = fail_reason = begin_time = end_time = std::nullopt;
  sub_jobs.clear();
  overrides.reset();
  headers.clear();
}

namespace {

void set_optional(std::optional<std::string_view>& to, const OptionalText& from) {
  to = from ? std::optional<std::string_view>(*from) : std::nullopt;
}

void set_optional(OptionalText& to, const std::optional<std::string_view>& from) {
  to = from ? OptionalText(std::string(*from)) : OptionalText();
}

// Field by field, either way: a view's fields view the spec's strings, a spec's fields copy the views' bytes.
template <typename To, typename From>
To converted(const From& from) {
  To to;
  to.service = from.service;
  to.project_id = from.project_id;
  to.job_id = from.job_id;
  to.job_type = from.job_type;
  to.timeline.assign(from.timeline.begin(), from.timeline.end());
  to.durations_ms = from.durations_ms;
  to.entities.assign(from.entities.begin(), from.entities.end());
  set_optional(to.error_code, from.error_code);
  set_optional(to.fail_reason, from.fail_reason);
  set_optional(to.begin_time, from.begin_time);
  set_optional(to.end_time, from.end_time);
  to.sub_jobs.reserve(from.sub_jobs.size());
  for (const auto& sub : from.sub_jobs) to.sub_jobs.push_back(converted<To>(sub));
  to.overrides = from.overrides;
  to.headers = from.headers;
  return to;
}

}  // namespace

JobView view_of(const JobSpec& spec) {
  return converted<JobView>(spec);
}

JobSpec spec_of(const JobView& view) {
  return converted<JobSpec>(view);
}

}  // namespace harness::fake
