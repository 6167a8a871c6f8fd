// The capture readers (harness import's input): any bytes as a HAR file, as a journal saved from harness
// serve, and through the sniffer that tells them apart. Only a CaptureError may come out, and what is read
// must keep the Capture's promises: a target that is a path, a status that is 0 (with the failure's word) or
// an HTTP status (without one), and a HAR's exchanges in the order they started, timed from the first.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "harness/capture/base64_decode.hpp"
#include "harness/capture/capture_file.hpp"
#include "harness/capture/har_reader.hpp"
#include "harness/capture/journal_reader.hpp"

namespace {

namespace capture = harness::capture;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "capture promise broken: %s\n", what);
  std::abort();
}

void check(const capture::Capture& read) {
  for (const auto& exchange : read.exchanges) {
    require(exchange.target.starts_with("/"), "the target is a path");
    require(!exchange.method.empty(), "a method");
    require(exchange.status == 0 || (exchange.status >= 100 && exchange.status <= 999), "a status");
    require(exchange.failure.empty() == (exchange.status != 0), "a failure word exactly when no answer");
    if (exchange.status == 0)
      require(!exchange.response_body && exchange.response_headers.empty(), "no answer has no body");
    require(std::isfinite(exchange.started_ms) && std::isfinite(exchange.duration_ms), "finite times");
    require(exchange.duration_ms >= 0, "a duration is not negative");
  }
}

template <typename Read>
void read_checked(Read read, bool sorted) {
  try {
    const auto capture = read();
    check(capture);
    if (!sorted || capture.exchanges.empty()) return;
    require(capture.exchanges.front().started_ms == 0, "timed from the first");
    for (std::size_t i = 1; i < capture.exchanges.size(); ++i)
      require(capture.exchanges[i - 1].started_ms <= capture.exchanges[i].started_ms, "in the order they started");
  } catch (const capture::CaptureError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  read_checked([&] { return capture::read_har(text, "fuzz.har"); }, true);
  read_checked([&] { return capture::read_journal(text, "fuzz.json"); }, false);
  read_checked([&] { return capture::read_capture(text, "fuzz"); }, false);
  // Base64 of any text: decoded or refused, never more bytes than the text can hold.
  if (const auto bytes = capture::decode_base64(text)) require(bytes->size() <= size / 4 * 3 + 2, "base64 size");
  return 0;
}
