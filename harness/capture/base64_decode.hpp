#pragma once
// Base64 (RFC 4648, with or without padding, line breaks allowed) to bytes: the bodies a HAR stores as
// `"encoding": "base64"` and the exact bytes a harness journal keeps in its entries' "base64" members.
#include <optional>
#include <string>
#include <string_view>

namespace harness::capture {

// nullopt when the text is not base64.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace harness::capture
