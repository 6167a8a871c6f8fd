#pragma once
// A journal saved from `harness serve` (the body of GET /__admin/requests, harness/serve/journal_body.hpp)
// into a Capture, so that a client's run against the fake becomes a standalone test:
// {"requests": [{at, base64?, body, fault, headers, method, path, query, states?, status, time}], "dropped":
// N}, or a bare array of such entries. A journal keeps requests, not answers: no response headers or bodies
// (response_body nullopt); the served job states ("states") give the jobs their timelines instead.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "harness/capture/capture.hpp"

namespace harness::capture {

// Throws CaptureError naming file_name and the JSON pointer of what is wrong.
Capture read_journal(std::string_view text, const std::string& file_name);
Capture journal_capture(const nlohmann::json& document, const std::string& file_name);
Capture read_journal_file(const std::filesystem::path& path);

}  // namespace harness::capture
