#include "harness/fake/journal.hpp"

#include <cstring>

namespace harness::fake {

namespace {

void put(std::string& out, const std::string& text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&size), sizeof size).append(text);
}

std::string take(const char*& at) {
  std::uint32_t size;
  std::memcpy(&size, at, sizeof size);
  std::string text(at + sizeof size, size);
  at += sizeof size + size;
  return text;
}

}  // namespace

PackedHeaders::PackedHeaders(const HeaderList& headers) {
  std::size_t size = 0;
  for (const auto& [name, value] : headers) size += 2 * sizeof(std::uint32_t) + name.size() + value.size();
  packed_.reserve(size);
  for (const auto& [name, value] : headers) {
    put(packed_, name);
    put(packed_, value);
  }
}

PackedHeaders::const_iterator::value_type PackedHeaders::const_iterator::operator*() const {
  const char* at = at_;
  auto name = take(at);
  return {std::move(name), take(at)};
}

PackedHeaders::const_iterator& PackedHeaders::const_iterator::operator++() {
  for (int i = 0; i < 2; ++i) {
    std::uint32_t size;
    std::memcpy(&size, at_, sizeof size);
    at_ += sizeof size + size;
  }
  return *this;
}

void Journal::record(JournalEntry entry) {
  if (capacity_ == 0) {
    ++dropped_;
    return;
  }
  if (entries_.size() == capacity_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
}

bool path_matches(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return path.empty();
  if (pattern.substr(0, 2) == "**") {
    for (std::size_t i = 0; i <= path.size(); ++i)
      if (path_matches(pattern.substr(2), path.substr(i))) return true;
    return false;
  }
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= path.size(); ++i) {
      if (path_matches(pattern.substr(1), path.substr(i))) return true;
      if (i < path.size() && path[i] == '/') break;
    }
    return false;
  }
  return !path.empty() && pattern[0] == path[0] && path_matches(pattern.substr(1), path.substr(1));
}

}  // namespace harness::fake
