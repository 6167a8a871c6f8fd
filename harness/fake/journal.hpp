#pragma once
// The request journal: every request the fake received, including those a fault answered. Bounded.
#include <cstdint>
#include <deque>
#include <string>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

struct JournalEntry {
  std::int64_t time_ms = 0;  // on the world's clock
  std::string method;
  std::string target;  // path and query as received
  HeaderList headers;
  std::string body;
  int status = 0;  // what was answered (0: no answer, e.g. a reset)
  int fault = 0;   // 1-based index of the fault that answered it, 0 for none
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
