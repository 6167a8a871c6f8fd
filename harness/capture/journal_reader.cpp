#include "harness/capture/journal_reader.hpp"

#include <optional>
#include <utility>

#include "harness/capture/base64_decode.hpp"
#include "harness/capture/capture_file.hpp"
#include "harness/capture/capture_json.hpp"

namespace harness::capture {
namespace journal_reading {

// Using-declarations, not a using-directive: in a unity build another file of this module may declare the
// same names in harness::capture, which a directive would make ambiguous.
using capture_json::array_at;
using capture_json::fail;
using capture_json::find;
using capture_json::integer_at;
using capture_json::Json;
using capture_json::number_at;
using capture_json::object_at;
using capture_json::optional_string;
using capture_json::Pointer;
using capture_json::string_at;

// Bytes that are not UTF-8 are shown with U+FFFD in the entry and kept exactly in its "base64" object
// under the same name: those win.
std::string exact_text(const Json* raw, const char* name, std::string shown, const std::string& file_name,
                       const Pointer& at) {
  if (!raw) return shown;
  const auto encoded = optional_string(*raw, name, file_name, at / "base64");
  if (!encoded) return shown;
  auto bytes = decode_base64(*encoded);
  if (!bytes) fail(file_name, at / "base64" / name, "is not valid base64");
  return std::move(*bytes);
}

HeaderList read_headers(const Json& entry, const Json* raw, const std::string& file_name, const Pointer& at) {
  HeaderList headers;
  const Json* object = find(entry, "headers");
  if (!object) return headers;
  object_at(*object, file_name, at / "headers");
  const Json* raw_headers = raw ? find(*raw, "headers") : nullptr;
  if (raw_headers) object_at(*raw_headers, file_name, at / "base64" / "headers");
  for (const auto& [name, value] : object->items()) {
    std::string text = string_at(value, file_name, at / "headers" / name);
    if (raw_headers) {
      if (const Json* encoded = find(*raw_headers, name.c_str())) {
        auto bytes = decode_base64(string_at(*encoded, file_name, at / "base64" / "headers" / name));
        if (!bytes) fail(file_name, at / "base64" / "headers" / name, "is not valid base64");
        text = std::move(*bytes);
      }
    }
    headers.emplace_back(name, std::move(text));
  }
  return headers;
}

CapturedExchange read_entry(const Json& entry, const std::string& file_name, const Pointer& at,
                            std::optional<double>& first_time) {
  object_at(entry, file_name, at);
  const Json* raw = find(entry, "base64");
  if (raw) object_at(*raw, file_name, at / "base64");
  CapturedExchange exchange;
  const Json* method = find(entry, "method");
  if (!method) fail(file_name, at / "method", "missing");
  exchange.method = string_at(*method, file_name, at / "method");
  if (exchange.method.empty()) fail(file_name, at / "method", "must not be empty");
  const Json* path = find(entry, "path");
  if (!path) fail(file_name, at / "path", "missing");
  exchange.target = exact_text(raw, "path", string_at(*path, file_name, at / "path"), file_name, at);
  if (!exchange.target.starts_with("/")) fail(file_name, at / "path", "must start with /");
  const std::string query =
      exact_text(raw, "query", optional_string(entry, "query", file_name, at).value_or(""), file_name, at);
  if (!query.empty()) exchange.target += "?" + query;
  exchange.request_headers = read_headers(entry, raw, file_name, at);
  exchange.request_body =
      exact_text(raw, "body", optional_string(entry, "body", file_name, at).value_or(""), file_name, at);

  const Json* status = find(entry, "status");
  if (!status) fail(file_name, at / "status", "missing");
  const auto code = integer_at(*status, file_name, at / "status");
  if (code != 0 && (code < 100 || code > 999))
    fail(file_name, at / "status", "must be 0 (no answer) or an HTTP status (100-999)");
  exchange.status = static_cast<int>(code);
  // The fake journals 0 for a reset and for a close before answering alike (harness/fake/serve.cpp): which
  // of the two it was is not in the journal; to the client both are a connection that closed unanswered.
  if (exchange.status == 0) exchange.failure = "closed";
  exchange.served_states = optional_string(entry, "states", file_name, at).value_or("");

  const Json* time = find(entry, "time");
  if (!time) fail(file_name, at / "time", "missing (seconds on the world's clock)");
  const double seconds = number_at(*time, file_name, at / "time");
  if (!first_time) first_time = seconds;
  exchange.started_ms = (seconds - *first_time) * 1000.0;
  return exchange;
}

Capture read_journal_document(const Json& document, const std::string& file_name) {
  const bool bare = document.is_array();
  Pointer list_at;
  const Json* list = &document;
  std::uint64_t dropped = 0;
  if (!bare) {
    if (!document.is_object())
      fail(file_name, list_at, "must be a journal: {\"requests\": [...]} or an array of requests");
    list_at = list_at / "requests";
    list = find(document, "requests");
    if (!list) fail(file_name, list_at, "missing (a journal is {\"requests\": [...], \"dropped\": N})");
    if (const Json* count = find(document, "dropped")) {
      const auto n = integer_at(*count, file_name, Pointer("/dropped"));
      if (n < 0) fail(file_name, Pointer("/dropped"), "must not be negative");
      dropped = static_cast<std::uint64_t>(n);
    }
  }
  array_at(*list, file_name, list_at);
  Capture capture;
  // The journal gave up its oldest requests to stay within its capacity: the file's header says so.
  capture.source = dropped == 0 ? file_name
                                : file_name + " (the journal had dropped its " + std::to_string(dropped) +
                                      " oldest requests)";
  std::optional<double> first_time;  // the first entry's: started_ms counts from it
  for (std::size_t i = 0; i < list->size(); ++i)
    capture.exchanges.push_back(read_entry((*list)[i], file_name, list_at / i, first_time));
  return capture;
}

}  // namespace journal_reading

Capture journal_capture(const nlohmann::json& document, const std::string& file_name) {
  return journal_reading::read_journal_document(document, file_name);
}

Capture read_journal(std::string_view text, const std::string& file_name) {
  return journal_capture(capture_json::parse(text, file_name), file_name);
}

Capture read_journal_file(const std::filesystem::path& path) {
  return read_journal(read_capture_text(path), path.generic_string());
}

}  // namespace harness::capture
