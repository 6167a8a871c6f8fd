#pragma once
// A capture as a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/), as browsers and proxies
// write them: what `harness record --har` writes, and what `harness import` reads back.
#include <chrono>
#include <string>
#include <vector>

#include "harness/capture/capture.hpp"

namespace harness::capture {

struct HarOptions {
  // Secret header values as "<redacted>": X-Auth-Token, Authorization, X-Security-Token, Cookie, Set-Cookie
  // and the client's other secret headers (client::is_secret_header), plus `redact` (any case). On for files;
  // off only for a HAR that stays in memory (a test, a round trip).
  bool redact_secrets = true;
  std::vector<std::string> redact;
  // The wall-clock time of started_ms 0: each entry's startedDateTime is this plus its started_ms.
  std::chrono::system_clock::time_point started{};
};

// The HAR's JSON text. A body that is not valid UTF-8 goes as base64 (content.encoding "base64"; for a
// request body, postData.encoding, which HAR 1.2 lacks but readers take); an exchange without an answer has
// status 0 and `_error` with its failure word, as Chrome writes. Throws CaptureError when the capture has no
// origin (a HAR's URLs are absolute).
std::string write_har(const Capture& capture, const HarOptions& options = {});

}  // namespace harness::capture
