#pragma once
// Text from the wire is bytes: these tell valid UTF-8 from the rest and make the rest printable without
// losing it.
#include <string>
#include <string_view>

namespace harness::fake {

bool is_valid_utf8(std::string_view text);

// Each byte that is not part of a valid UTF-8 sequence as %XX: "/jobs/\xff" -> "/jobs/%FF". Valid text is
// returned as it is. For messages that echo a request's path: the path as a client would write it in a URL.
std::string percent_encode_invalid_utf8(std::string_view text);

// One byte as a URL writes it: "%0D" (upper-case hex).
void append_percent_encoded(std::string& out, unsigned char byte);

}  // namespace harness::fake
