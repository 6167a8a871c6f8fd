#include "harness/client/exchange_log.hpp"

#include <utility>

namespace harness::client {

void ExchangeLog::push_back(Exchange exchange) {
  if (newest_) keep(*newest_);
  newest_ = std::move(exchange);
  ++recorded_;
}

void ExchangeLog::keep(const Exchange& exchange) {
  if (head_.size() < limits_.first) {
    head_.push_back(exchange.transcript(limits_.body_bytes));
    return;
  }
  tail_.push_back({exchange.transcript(limits_.body_bytes),
                   exchange.request_body.size() + exchange.response_body.size()});
  // The newest exchange is one of the `last`; the tail holds the others.
  const std::size_t tail_room = limits_.last == 0 ? 0 : limits_.last - 1;
  while (tail_.size() > tail_room) {
    ++dropped_;
    dropped_bytes_ += tail_.front().body_bytes;
    tail_.pop_front();
  }
}

void ExchangeLog::clear() {
  head_.clear();
  tail_.clear();
  newest_.reset();
  recorded_ = dropped_ = dropped_bytes_ = 0;
}

std::string ExchangeLog::transcript() const {
  const std::string newest = newest_ ? newest_->transcript(limits_.body_bytes) : std::string();
  std::size_t size = newest.size() + 1 + 200;  // 200: the "not shown" line
  for (const auto& kept : head_) size += kept.size() + 1;
  for (const auto& kept : tail_) size += kept.transcript.size() + 1;
  std::string text;
  text.reserve(size);  // one block for what is often the biggest text of a case
  for (const auto& kept : head_) (text += kept) += '\n';
  if (dropped_ > 0)
    text += "... " + std::to_string(dropped_) + (dropped_ == 1 ? " exchange (" : " exchanges (") +
            std::to_string(dropped_bytes_) + " body bytes) not shown: the report keeps the first " +
            std::to_string(limits_.first) + " and the last " + std::to_string(limits_.last) +
            " of a case ...\n\n";
  for (const auto& kept : tail_) (text += kept.transcript) += '\n';
  if (newest_) (text += newest) += '\n';
  return text;
}

}  // namespace harness::client
