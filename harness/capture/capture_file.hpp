#pragma once
// A capture file of either kind: a HAR (an object with "log") or a journal saved from `harness serve` (an
// object with "requests", or a bare array of its entries), told apart by their shape.
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/capture/capture.hpp"

namespace harness::capture {

// Throws CaptureError: the file cannot be read, is not JSON, is neither kind (saying what was expected), or
// what the reader of its kind refuses.
Capture read_capture_file(const std::filesystem::path& path);
Capture read_capture(std::string_view text, const std::string& file_name);

// The file's bytes; CaptureError "FILE: no such file" (or "is a directory", "cannot be read") otherwise.
std::string read_capture_text(const std::filesystem::path& path);

}  // namespace harness::capture
