#include "harness/report/bounded_text.hpp"

namespace harness::report {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string keep_within(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // The line's length depends on the count it states; 20 digits cover any size_t.
  const std::string shape = "\n...  bytes not shown (a report text keeps at most  bytes) ...\n";
  const std::size_t line_room = shape.size() + 2 * 20;
  const std::size_t room = max_bytes > line_room ? max_bytes - line_room : 0;
  std::size_t head = room / 2;
  std::size_t tail_start = text.size() - (room - head);
  while (head > 0 && is_continuation(text[head])) --head;  // never split a character
  while (tail_start < text.size() && is_continuation(text[tail_start])) ++tail_start;
  std::string out(text.substr(0, head));
  out += "\n... " + std::to_string(tail_start - head) + " bytes not shown (a report text keeps at most " +
         std::to_string(max_bytes) + " bytes) ...\n";
  out.append(text.substr(tail_start));
  return out;
}

}  // namespace harness::report
