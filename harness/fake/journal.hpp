#pragma once
// The request journal: every request the fake received, including those a fault answered. Bounded.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <string>
#include <utility>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

// A journal entry's request headers, packed into one string (each name and value as a 4-byte length and its
// bytes) rather than a vector of string pairs: one allocation per entry instead of one for the vector and one
// per long name or value, and about half the memory of a full journal. Read it as the HeaderList it was made
// from: iterating yields (name, value) pairs of strings, in order.
class PackedHeaders {
 public:
  PackedHeaders() = default;
  PackedHeaders(
      const HeaderList& headers);  // NOLINT(google-explicit-constructor): JournalEntry{..., headers}

  class const_iterator {
   public:
    using value_type = std::pair<std::string, std::string>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;
    using iterator_category = std::input_iterator_tag;
    const_iterator() = default;
    explicit const_iterator(const char* at) : at_(at) {}
    value_type operator*() const;
    const_iterator& operator++();
    const_iterator operator++(int) {
      auto old = *this;
      ++*this;
      return old;
    }
    bool operator==(const const_iterator& other) const { return at_ == other.at_; }
    bool operator!=(const const_iterator& other) const { return at_ != other.at_; }

   private:
    const char* at_ = nullptr;
  };
  using iterator = const_iterator;

  const_iterator begin() const { return const_iterator(packed_.data()); }
  const_iterator end() const { return const_iterator(packed_.data() + packed_.size()); }
  bool empty() const { return packed_.empty(); }
  std::size_t bytes() const { return packed_.size(); }  // about what the names and values take as text
  HeaderList list() const { return HeaderList(begin(), end()); }
  friend bool operator==(const PackedHeaders& a, const HeaderList& b) { return a.list() == b; }
  friend bool operator==(const PackedHeaders& a, const PackedHeaders& b) { return a.packed_ == b.packed_; }

 private:
  std::string packed_;
};

struct JournalEntry {
  std::int64_t time_ms = 0;  // on the world's clock
  std::string method;
  std::string target;  // path and query as received
  PackedHeaders headers;
  std::string body;
  int status = 0;             // what was answered (0: no answer, e.g. a reset)
  int fault = 0;              // 1-based index of the fault that answered it, 0 for none
  std::string served_states;  // Response::served_states: the job (and sub-job) states served, if any
};

class Journal {
 public:
  static constexpr std::size_t kDefaultCapacity = 10'000;

  explicit Journal(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  void record(JournalEntry entry);
  const std::deque<JournalEntry>& entries() const { return entries_; }
  std::uint64_t dropped() const {
    return dropped_;
  }  // the oldest entries given up to stay within the capacity
  void clear() {
    entries_.clear();
    dropped_ = 0;
  }

 private:
  std::size_t capacity_;
  std::deque<JournalEntry> entries_;
  std::uint64_t dropped_ = 0;
};

// "/v1/*/jobs/*": '*' stands for any run of characters other than '/'; "**" also crosses '/'.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace harness::fake
