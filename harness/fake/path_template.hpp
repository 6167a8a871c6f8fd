#pragma once
// A path template as the pages write it, "/v1/{project_id}/jobs/{job_id}": literal segments and {name}d ones.
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness::fake {

// The values a path gave a template's {names}, as views of the request's path: no allocation on the hot path.
class PathParams {
 public:
  static constexpr std::size_t kMax = 8;
  void clear() { size_ = 0; }
  bool add(std::string_view name, std::string_view value);  // false when full
  const std::string_view* get(std::string_view name) const;
  std::size_t size() const { return size_; }
  const std::pair<std::string_view, std::string_view>& operator[](std::size_t i) const { return items_[i]; }

 private:
  std::array<std::pair<std::string_view, std::string_view>, kMax> items_{};
  std::size_t size_ = 0;
};

// A path's value as a handler and a declared answer read it: percent-decoded ("a%20b" -> "a b"), or as sent
// when it is not valid percent-encoding.
std::string decoded_path_value(std::string_view value);

class PathTemplate {
 public:
  // Throws std::invalid_argument naming what is wrong: not starting with '/', an empty segment, a brace that
  // is not a whole segment, a name given twice, a query ('?'), more than PathParams::kMax names.
  static PathTemplate parse(std::string_view text);

  const std::string& text() const { return text_; }
  std::size_t size() const { return segments_.size(); }
  bool is_param(std::size_t i) const { return segments_[i].param; }
  const std::string& segment(std::size_t i) const { return segments_[i].text; }
  std::vector<std::string> param_names() const;

  // The path's segments fit: same count, literals equal. Fills `params` (cleared first).
  bool match(const std::vector<std::string_view>& path, PathParams& params) const;
  // How many leading segments of `path` fit, for choosing whose 404 body a path no template fits gets.
  std::size_t common_prefix(const std::vector<std::string_view>& path) const;
  // Where two templates both fit a path, the one with a literal at the first segment where they differ wins:
  // /failure-jobs/batch over /failure-jobs/{failure_job_id}.
  bool more_specific_than(const PathTemplate& other) const;
  bool same_shape(const PathTemplate& other) const;  // equal but for the names of the parameters

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool param = false;
  };
  std::string text_;
  std::vector<Segment> segments_;
};

// "/v1/p1/jobs/j1" -> {"v1", "p1", "jobs", "j1"} (empty segments dropped).
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace harness::fake
