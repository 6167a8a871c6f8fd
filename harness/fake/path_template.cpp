#include "harness/fake/path_template.hpp"

#include <algorithm>
#include <boost/url/pct_string_view.hpp>
#include <stdexcept>

namespace harness::fake {

std::string decoded_path_value(std::string_view value) {
  if (value.find('%') == std::string_view::npos) return std::string(value);
  const auto encoded = boost::urls::make_pct_string_view(value);
  return encoded ? encoded->decode() : std::string(value);
}

bool PathParams::add(std::string_view name, std::string_view value) {
  if (size_ == kMax) return false;
  items_[size_++] = {name, value};
  return true;
}

const std::string_view* PathParams::get(std::string_view name) const {
  for (std::size_t i = 0; i < size_; ++i)
    if (items_[i].first == name) return &items_[i].second;
  return nullptr;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  segments.reserve(8);  // every path the fake serves fits: one allocation instead of one per doubling
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end;
  }
  return segments;
}

PathTemplate PathTemplate::parse(std::string_view text) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("path \"" + std::string(text) + "\": " + why);
  };
  if (text.empty() || text.front() != '/') fail("must start with '/'");
  if (text.find('?') != std::string_view::npos) fail("has a query: a path template is the path alone");
  PathTemplate result;
  result.text_ = std::string(text);
  std::size_t start = 1;
  while (start <= text.size()) {
    auto end = text.find('/', start);
    if (end == std::string_view::npos) end = text.size();
    const auto segment = text.substr(start, end - start);
    if (segment.empty()) {
      if (end == text.size()) break;  // "/" alone, or a trailing slash
      fail("has an empty segment");
    }
    Segment parsed;
    if (segment.front() == '{' && segment.back() == '}' && segment.size() > 2) {
      parsed.text = std::string(segment.substr(1, segment.size() - 2));
      parsed.param = true;
      if (parsed.text.find_first_of("{}") != std::string::npos)
        fail("\"" + std::string(segment) + "\" is not a name");
      for (const auto& other : result.segments_)
        if (other.param && other.text == parsed.text) fail("names {" + parsed.text + "} twice");
    } else if (segment.find_first_of("{}") != std::string_view::npos) {
      std::string quoted = "\"";  // appended, not "\"" + string: GCC 12 warns falsely on that in Release
      quoted += segment;
      fail(quoted + "\": a {name} must be a whole segment");
    } else {
      parsed.text = std::string(segment);
    }
    result.segments_.push_back(std::move(parsed));
    start = end + 1;
  }
  if (result.param_names().size() > PathParams::kMax)
    fail("has more than " + std::to_string(PathParams::kMax) + " {names}");
  return result;
}

std::vector<std::string> PathTemplate::param_names() const {
  std::vector<std::string> names;
  for (const auto& segment : segments_)
    if (segment.param) names.push_back(segment.text);
  return names;
}

bool PathTemplate::match(const std::vector<std::string_view>& path, PathParams& params) const {
  params.clear();
  if (path.size() != segments_.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!segments_[i].param) {
      if (path[i] != segments_[i].text) return false;
    } else {
      params.add(segments_[i].text, path[i]);
    }
  }
  return true;
}

std::size_t PathTemplate::common_prefix(const std::vector<std::string_view>& path) const {
  std::size_t n = 0;
  while (n < path.size() && n < segments_.size() && (segments_[n].param || segments_[n].text == path[n])) ++n;
  return n;
}

bool PathTemplate::more_specific_than(const PathTemplate& other) const {
  const auto n = std::min(size(), other.size());
  for (std::size_t i = 0; i < n; ++i)
    if (is_param(i) != other.is_param(i)) return !is_param(i);
  return false;
}

bool PathTemplate::same_shape(const PathTemplate& other) const {
  if (size() != other.size()) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if (is_param(i) != other.is_param(i)) return false;
    if (!is_param(i) && segment(i) != other.segment(i)) return false;
  }
  return true;
}

}  // namespace harness::fake
