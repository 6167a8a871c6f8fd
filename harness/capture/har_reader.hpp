#pragma once
// HAR 1.2 (what browsers, Charles, mitmproxy and proxies export) into a Capture: log.entries[] with their
// request (method, url, headers, postData.text) and response (status, headers, content.text, base64 or not).
// Taken as real exporters write it: an entry without a response or with status 0 is a failed request (its
// `_error`, as Chrome writes, says how: "reset", "timeout", ...; else "unknown"), content without text has no
// body, HTTP/2 pseudo-headers (":authority") are dropped, entries are ordered by startedDateTime (stable).
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "harness/capture/capture.hpp"

namespace harness::capture {

// Throws CaptureError naming file_name and the JSON pointer of what is wrong.
Capture read_har(std::string_view text, const std::string& file_name);
// The same from a parsed document (read_capture_file parses once to tell a HAR from a journal).
Capture har_capture(const nlohmann::json& document, const std::string& file_name);
// Reads the file; errors name it as given.
Capture read_har_file(const std::filesystem::path& path);

// The client's transport-error word for how an exporter describes a failed request
// ("net::ERR_CONNECTION_RESET"
// -> "reset", "timed out" -> "timeout", ...); "unknown" when nothing fits.
std::string failure_word(std::string_view description);

}  // namespace harness::capture
