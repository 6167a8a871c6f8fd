#pragma once
// A job's spec as the world holds it: its strings and lists in one heap block, read through views. A
// JobSpec is a dozen strings and vectors, each a heap block of its own (about 0.75 KB a job with its
// control block); a world of 10,000 jobs keeps them packed (about a third of that). The rare parts
// (sub-jobs, fields served as given, headers) sit behind one pointer that most jobs leave empty.
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

struct JobSpec;
struct JobView;

class PackedJob {
 public:
  explicit PackedJob(const JobView& spec);
  explicit PackedJob(const JobSpec& spec);
  PackedJob(PackedJob&&) noexcept = default;
  PackedJob& operator=(PackedJob&&) noexcept = default;
  ~PackedJob();

  std::string_view service() const { return text(kService); }
  std::string_view project_id() const { return text(kProject); }
  std::string_view job_id() const { return text(kJob); }
  std::string_view job_type() const { return text(kType); }
  std::optional<std::string_view> error_code() const { return optional(kErrorCode); }
  std::optional<std::string_view> fail_reason() const { return optional(kFailReason); }
  std::optional<std::string_view> begin_time() const { return optional(kBeginTime); }
  std::optional<std::string_view> end_time() const { return optional(kEndTime); }

  std::size_t states() const { return states_; }  // at least one
  std::string_view state(std::size_t i) const { return text(kFixed + i); }
  std::string_view last_state() const { return state(states_ - 1u); }
  // A timeline by time: how long each state but the last lasts (durations() is then states() - 1).
  bool by_time() const { return by_time_; }
  std::size_t durations() const { return by_time_ ? states_ - 1u : 0u; }
  std::int64_t duration_ms(std::size_t i) const;

  std::size_t entities() const { return entities_; }
  std::pair<std::string_view, std::string_view> entity(std::size_t i) const {
    return {text(kFixed + states_ + 2 * i), text(kFixed + states_ + 2 * i + 1)};
  }

  const std::vector<PackedJob>& sub_jobs() const;
  const nlohmann::json* overrides() const;  // null when there are none
  const HeaderList& headers() const;

  std::size_t offset_bytes() const { return offset_bytes_; }  // 1, 2 or 4: how wide each text's offset is

  // Every field back as the spec it was packed from.
  JobSpec unpack() const;

 private:
  enum Field : std::size_t {
    kService,
    kProject,
    kJob,
    kType,
    kErrorCode,
    kFailReason,
    kBeginTime,
    kEndTime,
    kFixed  // then the states, then each entity's name and value
  };
  struct Rare;

  std::string_view text(std::size_t field) const;
  std::optional<std::string_view> optional(Field field) const {
    if (!(present_ & (1u << (field - kErrorCode)))) return std::nullopt;
    return text(field);
  }

  std::size_t texts() const { return kFixed + states_ + 2u * entities_; }

  // [durations as int64][offsets, one per text and one past the last, each offset_bytes_ wide][the texts'
  // bytes], read and written with memcpy (no alignment asked of the block).
  std::unique_ptr<char[]> block_;
  std::unique_ptr<const Rare> rare_;
  std::uint32_t states_ = 0;
  std::uint32_t entities_ = 0;
  bool by_time_ = false;
  std::uint8_t present_ = 0;       // which of the four optional texts are set
  std::uint8_t offset_bytes_ = 4;  // 1, 2 or 4: the narrowest that holds the texts' total size
};

}  // namespace harness::fake
