#pragma once
// JSON text that never throws on bytes that are not UTF-8. nlohmann's plain dump() throws type_error.316 on
// them; on the server thread that used to end the process. Every body the fake and the admin API write goes
// through here: a byte that is not part of valid UTF-8 becomes U+FFFD (the bytes themselves travel elsewhere:
// percent-encoded in error messages that echo a path, base64 in the admin journal; see docs/serve.md).
#include <nlohmann/json.hpp>
#include <string>

namespace harness::fake {

template <typename Json>
std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace harness::fake
