#pragma once
// Text into HTML: whatever a scenario or a server produced (titles, headers, bodies) is untrusted.
#include <string>
#include <string_view>

namespace harness::report {

// sanitize_text (invalid UTF-8 -> U+FFFD, control characters -> "\xNN"), then & < > " ' as entities: safe as
// element text and as a quoted attribute value.
void append_html(std::string& out, std::string_view text);
std::string html(std::string_view text);

}  // namespace harness::report
