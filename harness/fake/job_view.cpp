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

std::optional<std::string_view> view_of_text(const OptionalText& text) {
  return text ? std::optional<std::string_view>(*text) : std::nullopt;
}

OptionalText text_of_view(const std::optional<std::string_view>& view) {
  return view ? OptionalText(std::string(*view)) : OptionalText();
}

}  // namespace

JobView view_of(const JobSpec& spec) {
  JobView view;
  view.service = spec.service;
  view.project_id = spec.project_id;
  view.job_id = spec.job_id;
  view.job_type = spec.job_type;
  view.timeline.assign(spec.timeline.begin(), spec.timeline.end());
  view.durations_ms = spec.durations_ms;
  view.entities.assign(spec.entities.begin(), spec.entities.end());
  view.error_code = view_of_text(spec.error_code);
  view.fail_reason = view_of_text(spec.fail_reason);
  view.begin_time = view_of_text(spec.begin_time);
  view.end_time = view_of_text(spec.end_time);
  view.sub_jobs.reserve(spec.sub_jobs.size());
  for (const auto& sub : spec.sub_jobs) view.sub_jobs.push_back(view_of(sub));
  view.overrides = spec.overrides;
  view.headers = spec.headers;
  return view;
}

JobSpec spec_of(const JobView& view) {
  JobSpec spec;
  spec.service = view.service;
  spec.project_id = view.project_id;
  spec.job_id = view.job_id;
  spec.job_type = view.job_type;
  spec.timeline.assign(view.timeline.begin(), view.timeline.end());
  spec.durations_ms = view.durations_ms;
  spec.entities.assign(view.entities.begin(), view.entities.end());
  spec.error_code = text_of_view(view.error_code);
  spec.fail_reason = text_of_view(view.fail_reason);
  spec.begin_time = text_of_view(view.begin_time);
  spec.end_time = text_of_view(view.end_time);
  spec.sub_jobs.reserve(view.sub_jobs.size());
  for (const auto& sub : view.sub_jobs) spec.sub_jobs.push_back(spec_of(sub));
  spec.overrides = view.overrides;
  spec.headers = view.headers;
  return spec;
}

}  // namespace harness::fake
