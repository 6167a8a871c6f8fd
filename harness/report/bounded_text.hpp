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

}  // namespace harness::report
