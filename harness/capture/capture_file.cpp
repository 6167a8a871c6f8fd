#include "harness/capture/capture_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "harness/capture/capture_json.hpp"
#include "harness/capture/har_reader.hpp"
#include "harness/capture/journal_reader.hpp"

namespace harness::capture {

std::string read_capture_text(const std::filesystem::path& path) {
  const std::string name = path.generic_string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw CaptureError(name + ": is a directory, not a capture file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CaptureError(name + (std::filesystem::exists(path, ec) ? ": cannot be read" : ": no such file"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw CaptureError(name + ": read error");
  return buffer.str();
}

Capture read_capture(std::string_view text, const std::string& file_name) {
  const auto document = capture_json::parse(text, file_name);
  if (document.is_object() && document.contains("log")) return har_capture(document, file_name);
  if (document.is_array() || (document.is_object() && document.contains("requests")))
    return journal_capture(document, file_name);
  throw CaptureError(
      file_name +
      ": neither a HAR file (an object with \"log\") nor a journal saved from harness serve (an "
      "object with \"requests\", or an array of its entries)");
}

Capture read_capture_file(const std::filesystem::path& path) {
  return read_capture(read_capture_text(path), path.generic_string());
}

}  // namespace harness::capture
