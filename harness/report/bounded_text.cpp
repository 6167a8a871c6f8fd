#include "harness/report/bounded_text.hpp"

namespace harness::report {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The line's length depends on the count it states; 20 digits cover any size_t.
constexpr std::string_view kLineShape = "\n...  bytes not shown (a report text keeps at most  bytes) ...\n";

std::size_t room_for(std::size_t max_bytes) {
  const std::size_t line_room = kLineShape.size() + 2 * 20;
  return max_bytes > line_room ? max_bytes - line_room : 0;
}

}  // namespace

BoundedTextBuilder::BoundedTextBuilder(std::size_t max_bytes) : max_(max_bytes), room_(room_for(max_bytes)) {}

void BoundedTextBuilder::append(std::string_view piece) {
  total_ += piece.size();
  const std::size_t into_start = std::min(piece.size(), max_ - std::min(max_, start_.size()));
  start_.append(piece.substr(0, into_start));
  if (total_ <= max_) return;
  // Past max_: from here on only the tail can still be shown. Keep at most twice what it needs, so trimming
  // costs amortized O(1) per byte.
  const std::size_t keep = room_ - room_ / 2;
  if (tail_.empty() && total_ - piece.size() <= max_)
    tail_ = start_.substr(start_.size() - std::min(keep, start_.size()));
  tail_.append(piece.substr(into_start));
  if (tail_.size() > 2 * keep) tail_.erase(0, tail_.size() - keep);
}

std::string BoundedTextBuilder::text() const {
  if (total_ <= max_) return start_;
  std::size_t head = room_ / 2;
  std::size_t tail_start = total_ - (room_ - head);
  while (head > 0 && is_continuation(start_[head])) --head;  // never split a character
  const std::size_t tail_offset = total_ - tail_.size();     // where tail_ starts in the whole text
  while (tail_start < total_ && is_continuation(tail_[tail_start - tail_offset])) ++tail_start;
  std::string out(start_, 0, head);
  out += "\n... " + std::to_string(tail_start - head) + " bytes not shown (a report text keeps at most " +
         std::to_string(max_) + " bytes) ...\n";
  out.append(tail_, tail_start - tail_offset);
  return out;
}

std::string keep_within(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  BoundedTextBuilder builder(max_bytes);
  builder.append(text);
  return builder.text();
}

}  // namespace harness::report
