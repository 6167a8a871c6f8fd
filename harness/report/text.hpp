#pragma once
// Text clean-up shared by the reporters: whatever a scenario or a server produced becomes text that an
// XML 1.0 document and a terminal can carry.
#include <cstddef>
#include <string>
#include <string_view>

namespace harness::report {

// Returns valid UTF-8 that XML 1.0 allows everywhere:
// - invalid UTF-8 (stray continuation bytes, overlong forms, truncated sequences, UTF-16 surrogates, code
// points
//   above U+10FFFF) becomes U+FFFD, one per maximal ill-formed subpart (the Unicode recommendation);
// - C0 control characters other than tab, LF and CR become a visible escape "\xNN" (so "\x1b[31m" stays
// readable
//   and U+0000 inside a std::string does not end the text); XML 1.0 forbids them even as "&#27;";
// - the non-characters U+FFFE and U+FFFF become U+FFFD.
// Tab, LF, CR and everything else pass unchanged.
std::string sanitize_text(std::string_view text);

// sanitize_text, then tab/LF/CR become spaces, runs of spaces become one and the ends are trimmed: the value
// space of xs:token (testcase@name, @classname, hostname, property names).
std::string sanitize_token(std::string_view text);

// At most max_code_points code points of valid UTF-8 `text`; when cut, `ellipsis` is appended.
std::string truncate_code_points(std::string_view text, std::size_t max_code_points,
                                 std::string_view ellipsis = "\u2026");

// The first line of `text` (up to, not including, the first LF or CR).
std::string_view first_line(std::string_view text);

}  // namespace harness::report
