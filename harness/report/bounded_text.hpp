#pragma once
// Text kept within a size: libxml2 (xmllint, and the CI readers built on it) refuses a text node over 10 MB
// unless told --huge, so no text the JUnit writer emits may grow without bound.
#include <cstddef>
#include <string>
#include <string_view>

namespace harness::report {

// The most bytes one text of the report (a <failure> body, <system-out>, <system-err>) carries.
inline constexpr std::size_t kMaxTextBytes = 1'000'000;

// `text` when it has at most `max_bytes` bytes; otherwise its start and its end (where the failure most
// likely is), cut at UTF-8 character boundaries, around one line "... N bytes not shown ...", the whole at
// most `max_bytes` bytes (at least the line itself).
std::string keep_within(std::string_view text, std::size_t max_bytes = kMaxTextBytes);

// keep_within of a text that arrives in pieces, holding only what it can still show: the first `max_bytes`
// bytes and a rolling tail, never the whole (a suite's <system-out> from thousands of cases).
class BoundedTextBuilder {
 public:
  explicit BoundedTextBuilder(std::size_t max_bytes = kMaxTextBytes);
  void append(std::string_view piece);
  // keep_within(everything appended, max_bytes).
  std::string text() const;
  bool empty() const { return total_ == 0; }

 private:
  std::size_t max_;
  std::size_t room_;  // bytes of the text shown around the line, when the text is cut
  std::size_t total_ = 0;
  std::string start_;  // the first max_ bytes
  std::string tail_;   // at least the last (room_ - room_ / 2) bytes, once the text passed max_
};

}  // namespace harness::report
