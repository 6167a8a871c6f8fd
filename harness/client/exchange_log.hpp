#pragma once
// The exchanges one case made, bounded: a case that polls 200,000 times must neither hold 200,000 exchanges
// in memory nor write them into one report text that XML readers refuse (libxml2 stops at 10 MB per text
// node). Kept: the first `first` exchanges and the last `last` ones (what a failure most likely came from),
// each as its transcript with bodies cut at `body_bytes`; the ones between are counted and summed, and the
// transcript says so in one line: "... 199960 exchanges (87654321 body bytes) not shown ...". The bytes are
// those of the left-out request and response bodies: the same run gives the same count, whatever its timings.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "harness/client/exchange.hpp"

namespace harness::client {

struct ExchangeLogLimits {
  std::size_t first = 20;         // exchanges kept from the start of the case
  std::size_t last = 20;          // and from its end, the newest included
  std::size_t body_bytes = 4096;  // per request or response body in a transcript
};

class ExchangeLog {
 public:
  ExchangeLog() = default;
  explicit ExchangeLog(ExchangeLogLimits limits) : limits_(limits) {}

  void push_back(Exchange exchange);
  // The newest exchange, in full (bodies uncut): what an expectation shows and a response is built from.
  const Exchange& back() const { return *newest_; }
  bool empty() const { return !newest_.has_value(); }
  std::size_t size() const { return recorded_; }  // every exchange recorded, shown or not
  std::size_t not_shown() const { return dropped_; }
  void clear();

  // The kept transcripts in order, one blank line after each, with the "not shown" line where exchanges were
  // left out. Empty when nothing was recorded.
  std::string transcript() const;

 private:
  struct Kept {
    std::string transcript;
    std::size_t body_bytes;  // the exchange's request and response bodies, whole
  };
  void keep(const Exchange& exchange);  // no longer the newest: into the head, the tail, or counted

  ExchangeLogLimits limits_;
  std::vector<std::string> head_;
  std::deque<Kept> tail_;  // older than newest_; at most limits_.last - 1 of them
  std::optional<Exchange> newest_;
  std::size_t recorded_ = 0;
  std::size_t dropped_ = 0;
  std::size_t dropped_bytes_ = 0;
};

}  // namespace harness::client
