// A job's spec in one block (packed_job.hpp).
#include "harness/fake/packed_job.hpp"

#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness/fake/world.hpp"

namespace harness::fake {

struct PackedJob::Rare {
  std::vector<PackedJob> sub_jobs;
  std::shared_ptr<const nlohmann::json> overrides;
  HeaderList headers;
};

namespace {

const std::vector<PackedJob> kNoSubJobs;
const HeaderList kNoHeaders;

template <typename T>
T read_at(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

// An offset in `width` bytes (1, 2 or 4), as the host's integer of that width stores it.
void write_offset(char* at, std::uint8_t width, std::size_t offset) {
  if (width == 1) {
    const auto narrow = static_cast<std::uint8_t>(offset);
    std::memcpy(at, &narrow, 1);
  } else if (width == 2) {
    const auto narrow = static_cast<std::uint16_t>(offset);
    std::memcpy(at, &narrow, 2);
  } else {
    const auto narrow = static_cast<std::uint32_t>(offset);
    std::memcpy(at, &narrow, 4);
  }
}

std::size_t read_offset(const char* at, std::uint8_t width) {
  if (width == 1) return read_at<std::uint8_t>(at);
  if (width == 2) return read_at<std::uint16_t>(at);
  return read_at<std::uint32_t>(at);
}

}  // namespace

PackedJob::PackedJob(const JobSpec& spec) : PackedJob(view_of(spec)) {}

PackedJob::PackedJob(const JobView& spec)
    : states_(static_cast<std::uint32_t>(spec.timeline.size())),
      entities_(static_cast<std::uint32_t>(spec.entities.size())),
      by_time_(!spec.durations_ms.empty()) {
  // The world checked these (World::insert_job); a spec packed straight must hold them too.
  if (spec.timeline.empty()) throw std::invalid_argument("timeline: needs at least one state");
  if (by_time_ && spec.durations_ms.size() != spec.timeline.size() - 1)
    throw std::invalid_argument("timeline: by time, every state but the last needs its seconds");
  const std::optional<std::string_view>* optional_texts[] = {&spec.error_code, &spec.fail_reason,
                                                             &spec.begin_time, &spec.end_time};
  // Every text in its place's order, once to size the block and once to fill it: no list of them between.
  auto each_text = [&](auto&& use) {
    for (auto text : {spec.service, spec.project_id, spec.job_id, spec.job_type}) use(text);
    for (const auto* given : optional_texts) use(given->value_or(std::string_view()));
    for (auto state : spec.timeline) use(state);
    for (const auto& [name, value] : spec.entities) {
      use(name);
      use(value);
    }
  };
  for (std::size_t i = 0; i < 4; ++i)
    if (*optional_texts[i]) present_ |= static_cast<std::uint8_t>(1u << i);

  std::size_t bytes = 0;
  each_text([&](std::string_view text) { bytes += text.size(); });
  if (bytes > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("job: more than 4 GB of text");
  // The offsets as narrow as the texts allow: a job's texts are mostly under 256 bytes in all, and four
  // bytes an offset would be a quarter of its block.
  offset_bytes_ = bytes <= std::numeric_limits<std::uint8_t>::max()    ? 1
                  : bytes <= std::numeric_limits<std::uint16_t>::max() ? 2
                                                                       : 4;
  const std::size_t durations_size = durations() * sizeof(std::int64_t);
  const std::size_t offsets_size = (texts() + 1) * offset_bytes_;
  block_ = std::make_unique_for_overwrite<char[]>(durations_size + offsets_size + bytes);
  char* at = block_.get();
  if (durations_size) std::memcpy(at, spec.durations_ms.data(), durations_size);
  char* offsets = at + durations_size;
  char* chars = offsets + offsets_size;
  std::size_t offset = 0;
  each_text([&](std::string_view text) {
    write_offset(offsets, offset_bytes_, offset);
    offsets += offset_bytes_;
    if (!text.empty()) std::memcpy(chars + offset, text.data(), text.size());
    offset += text.size();
  });
  write_offset(offsets, offset_bytes_, offset);

  if (!spec.sub_jobs.empty() || spec.overrides || !spec.headers.empty()) {
    auto rare = std::make_unique<Rare>();
    rare->sub_jobs.reserve(spec.sub_jobs.size());
    for (const auto& sub : spec.sub_jobs) rare->sub_jobs.emplace_back(sub);
    rare->overrides = spec.overrides;
    rare->headers = spec.headers;
    rare_ = std::move(rare);
  }
}

PackedJob::~PackedJob() = default;

std::string_view PackedJob::text(std::size_t field) const {
  const char* offsets = block_.get() + durations() * sizeof(std::int64_t);
  const char* chars = offsets + (texts() + 1) * offset_bytes_;
  const auto begin = read_offset(offsets + field * offset_bytes_, offset_bytes_);
  const auto end = read_offset(offsets + (field + 1) * offset_bytes_, offset_bytes_);
  return {chars + begin, end - begin};
}

std::int64_t PackedJob::duration_ms(std::size_t i) const {
  return read_at<std::int64_t>(block_.get() + i * sizeof(std::int64_t));
}

const std::vector<PackedJob>& PackedJob::sub_jobs() const {
  return rare_ ? rare_->sub_jobs : kNoSubJobs;
}

const nlohmann::json* PackedJob::overrides() const {
  return rare_ ? rare_->overrides.get() : nullptr;
}

const HeaderList& PackedJob::headers() const {
  return rare_ ? rare_->headers : kNoHeaders;
}

JobSpec PackedJob::unpack() const {
  JobSpec spec;
  spec.service = service();
  spec.project_id = project_id();
  spec.job_id = job_id();
  spec.job_type = job_type();
  if (auto text = error_code()) spec.error_code = std::string(*text);
  if (auto text = fail_reason()) spec.fail_reason = std::string(*text);
  if (auto text = begin_time()) spec.begin_time = std::string(*text);
  if (auto text = end_time()) spec.end_time = std::string(*text);
  for (std::size_t i = 0; i < states(); ++i) spec.timeline.emplace_back(state(i));
  for (std::size_t i = 0; i < durations(); ++i) spec.durations_ms.push_back(duration_ms(i));
  for (std::size_t i = 0; i < entities(); ++i) {
    auto [name, value] = entity(i);
    spec.entities.emplace_back(name, value);
  }
  for (const auto& sub : sub_jobs()) spec.sub_jobs.push_back(sub.unpack());
  if (rare_) spec.overrides = rare_->overrides;
  spec.headers = headers();
  return spec;
}

}  // namespace harness::fake
