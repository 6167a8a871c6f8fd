#include "harness/fake/query.hpp"

#include <algorithm>
#include <charconv>

namespace harness::fake {
namespace {

std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
      } else {
        out += '%';
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

Query::Query(std::string_view query) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos)
      params_.emplace_back(decode(pair), "");
    else
      params_.emplace_back(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
  }
}

const std::string* Query::get(std::string_view name) const {
  for (const auto& [key, value] : params_)
    if (key == name) return &value;
  return nullptr;
}

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::pair<std::size_t, std::size_t> page_bounds(std::size_t total, long long offset, long long limit) {
  const auto first = std::min(static_cast<std::size_t>(offset), total);
  return {first, first + std::min(static_cast<std::size_t>(limit), total - first)};
}

}  // namespace harness::fake
