#include "harness/fake/journal.hpp"

#include <algorithm>

namespace harness::fake {

Journal::Journal(const Journal& other) : capacity_(other.capacity_), dropped_(other.dropped_) {
  for (const char* at : other.index_) record(EntryParts::of(PackedEntryView(at)));
}

Journal& Journal::operator=(const Journal& other) {
  if (this != &other) *this = Journal(other);
  return *this;
}

void Journal::record(const EntryParts& given) {
  if (capacity_ == 0) {
    ++dropped_;
    return;
  }
  if (index_.size() == capacity_) {
    drop_oldest();
    ++dropped_;
  }
  EntryParts entry = given;
  entry.shared_headers_back = 0;
  if (const char* shared = find_headers(entry)) {
    const Chunk& last = chunks_.back();
    entry.shared_headers_back = static_cast<std::size_t>(last.bytes.get() + last.used - shared);
  }
  std::size_t size = entry.size();
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < size) {
    // Growing from a small first chunk: most worlds (a scenario's case) journal a few requests.
    const std::size_t grown =
        chunks_.empty() ? kFirstChunkBytes : std::min(kChunkBytes, 2 * chunks_.back().capacity);
    entry.shared_headers_back = 0;  // the new chunk holds its own
    size = entry.size();
    // The only chunk, emptied by drop_oldest but too small for this entry: given back, or it would stay
    // with no entry to count down and every chunk after it would be kept too.
    if (!chunks_.empty() && chunks_.back().entries == 0) chunks_.pop_back();
    const std::size_t capacity = std::max(grown, size);
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<char[]>(capacity), capacity, 0, 0});
    forget_headers();
  }
  Chunk& chunk = chunks_.back();
  char* at = chunk.bytes.get() + chunk.used;
  entry.write(at);
  chunk.used += size;
  ++chunk.entries;
  index_.push_back(at);
  if (entry.shared_headers_back == 0) remember_headers(PackedEntryView(at).headers().packed());
}

const char* Journal::find_headers(const EntryParts& entry) const {
  if (chunks_.empty()) return nullptr;  // e.g. moved from: what it remembered went with its chunks
  // Newest first: one client's requests come in a row.
  for (std::size_t i = 0; i < kRecentHeaders; ++i) {
    const std::string_view block = recent_headers_[(next_recent_ + kRecentHeaders - 1 - i) % kRecentHeaders];
    if (block.empty()) return nullptr;  // filled from the first slot on, never emptied one at a time
    if (entry.headers ? PackedHeadersView(block).holds(*entry.headers) : block == entry.packed_headers)
      return block.data();
  }
  return nullptr;
}

void Journal::remember_headers(std::string_view block) {
  if (block.empty()) return;  // nothing to share: the field is one byte
  recent_headers_[next_recent_] = block;
  next_recent_ = (next_recent_ + 1) % kRecentHeaders;
}

std::size_t Journal::chunk_bytes() const {
  std::size_t bytes = 0;
  for (const auto& chunk : chunks_) bytes += chunk.capacity;
  return bytes;
}

std::size_t Journal::used_bytes() const {
  std::size_t bytes = 0;
  for (const auto& chunk : chunks_) bytes += chunk.used;
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
    forget_headers();          // the blocks remembered in it are to be overwritten
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
