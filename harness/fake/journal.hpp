#pragma once
// The request journal: every request the fake received, including those a fault answered. Bounded.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

#include "harness/fake/journal_entry.hpp"

namespace harness::fake {

// What Journal::entries() returns: the entries in order (oldest first), each read back as a JournalEntry
// value. To read a few fields of every entry without copying: Journal::packed(), the same entries in place.
template <typename Value, Value (*read)(const char*)>
class JournalRange {
 public:
  using Index = std::deque<const char*>;
  class const_iterator {
   public:
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;
    using iterator_category = std::input_iterator_tag;
    const_iterator() = default;
    explicit const_iterator(Index::const_iterator at) : at_(at) {}
    value_type operator*() const { return read(*at_); }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    const_iterator operator++(int) {
      auto old = *this;
      ++at_;
      return old;
    }
    bool operator==(const const_iterator& other) const { return at_ == other.at_; }
    bool operator!=(const const_iterator& other) const { return at_ != other.at_; }

   private:
    Index::const_iterator at_;
  };
  using iterator = const_iterator;

  explicit JournalRange(const Index& index) : index_(&index) {}
  const_iterator begin() const { return const_iterator(index_->begin()); }
  const_iterator end() const { return const_iterator(index_->end()); }
  std::size_t size() const { return index_->size(); }
  bool empty() const { return index_->empty(); }
  Value operator[](std::size_t i) const { return read((*index_)[i]); }
  Value front() const { return read(index_->front()); }
  Value back() const { return read(index_->back()); }

 private:
  const Index* index_;
};

inline JournalEntry unpack_entry(const char* at) {
  return PackedEntryView(at).unpack();
}
inline PackedEntryView view_entry(const char* at) {
  return PackedEntryView(at);
}
using JournalEntries = JournalRange<JournalEntry, unpack_entry>;
using PackedEntries = JournalRange<PackedEntryView, view_entry>;

// The entries are packed one after another into chunks of kChunkBytes, oldest first; a chunk is given back
// once its last entry is dropped. A full journal of 10,000 entries held as JournalEntry values in a deque
// took ~4.2 MB, one heap block per entry ~2.4 MB; packed in chunks it is the entries' bytes and 8 bytes an
// entry for the index. Requests from one client repeat the same header block, so an entry whose headers
// equal one of the last kRecentHeaders distinct blocks of its chunk refers to that block instead of holding
// a copy (wrk's three headers are ~70 of an entry's ~170 bytes).
class Journal {
 public:
  static constexpr std::size_t kDefaultCapacity = 10'000;
  static constexpr std::size_t kFirstChunkBytes = 4 * 1024;
  static constexpr std::size_t kChunkBytes = 64 * 1024;  // an entry larger than that gets a chunk its size
  static constexpr std::size_t kRecentHeaders = 4;

  explicit Journal(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  Journal(const Journal& other);
  Journal& operator=(const Journal& other);
  Journal(Journal&&) = default;
  Journal& operator=(Journal&&) = default;
  ~Journal() = default;

  void record(const EntryParts& entry);
  void record(const JournalEntry& entry) { record(EntryParts::of(entry)); }
  JournalEntries entries() const { return JournalEntries(index_); }
  PackedEntries packed() const { return PackedEntries(index_); }
  std::uint64_t dropped() const {
    return dropped_;
  }                                 // the oldest entries given up to stay within the capacity
  std::size_t chunk_bytes() const;  // what the chunks hold, used or not: the journal's memory but the index
  std::size_t used_bytes() const;   // of that, what entries were written into (dropped ones too until freed)
  void clear() {
    index_.clear();
    chunks_.clear();
    forget_headers();
    dropped_ = 0;
  }

 private:
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t capacity = 0;
    std::size_t used = 0;
    std::size_t entries = 0;  // still in the index
  };
  void drop_oldest();
  const char* find_headers(const EntryParts& entry) const;  // an equal block in the last chunk, or nullptr
  void remember_headers(std::string_view block);
  void forget_headers() {
    recent_headers_ = {};
    next_recent_ = 0;
  }

  std::size_t capacity_;
  std::deque<Chunk> chunks_;       // oldest first; the last one takes new entries
  std::deque<const char*> index_;  // each entry's first byte, oldest first
  std::uint64_t dropped_ = 0;
  // Distinct header blocks written last into the last chunk, the newest replacing the oldest; emptied when
  // that chunk is no longer the one written to, so a reference never leaves its chunk.
  std::array<std::string_view, kRecentHeaders> recent_headers_{};
  std::size_t next_recent_ = 0;
};

// "/v1/*/jobs/*": '*' stands for any run of characters other than '/'; "**" also crosses '/'.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace harness::fake
