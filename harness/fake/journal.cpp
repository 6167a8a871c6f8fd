#include "harness/fake/journal.hpp"

#include <algorithm>

namespace harness::fake {

Journal::Journal(const Journal& other) : capacity_(other.capacity_), dropped_(other.dropped_) {
  for (const char* at : other.index_) {
    const PackedEntryView entry(at);
    record(EntryParts{.time_ms = entry.time_ms(),
                      .method = entry.method(),
                      .target = entry.target(),
                      .headers = nullptr,
                      .packed_headers = entry.headers().packed(),
                      .body = entry.body(),
                      .status = entry.status(),
                      .fault = entry.fault(),
                      .served_states = entry.served_states()});
  }
}

Journal& Journal::operator=(const Journal& other) {
  if (this != &other) *this = Journal(other);
  return *this;
}

void Journal::record(const EntryParts& entry) {
  if (capacity_ == 0) {
    ++dropped_;
    return;
  }
  if (index_.size() == capacity_) {
    drop_oldest();
    ++dropped_;
  }
  const std::size_t size = entry.size();
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < size) {
    // Growing from a small first chunk: most worlds (a scenario's case) journal a few requests.
    const std::size_t grown =
        chunks_.empty() ? kFirstChunkBytes : std::min(kChunkBytes, 2 * chunks_.back().capacity);
    const std::size_t capacity = std::max(grown, size);
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<char[]>(capacity), capacity, 0, 0});
  }
  Chunk& chunk = chunks_.back();
  char* at = chunk.bytes.get() + chunk.used;
  entry.write(at);
  chunk.used += size;
  ++chunk.entries;
  index_.push_back(at);
}

std::size_t Journal::chunk_bytes() const {
  std::size_t bytes = 0;
  for (const auto& chunk : chunks_) bytes += chunk.capacity;
  return bytes;
}

// Entries go in and out in order, so the oldest is always in the first chunk.
void Journal::drop_oldest() {
  index_.pop_front();
  if (--chunks_.front().entries > 0) return;
  if (chunks_.size() > 1) {
    chunks_.pop_front();
  } else {
    chunks_.front().used = 0;  // the only chunk, empty: filled again from its start
  }
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
