#include "harness/fake/journal_entry.hpp"

#include <cstring>

namespace harness::fake {

namespace {

// LEB128: seven bits a byte, the high bit set on every byte but the last.
std::size_t length_size(std::size_t length) {
  std::size_t bytes = 1;
  while (length >= 0x80) {
    length >>= 7;
    ++bytes;
  }
  return bytes;
}

char* put_length(char* out, std::size_t length) {
  while (length >= 0x80) {
    *out++ = static_cast<char>((length & 0x7f) | 0x80);
    length >>= 7;
  }
  *out++ = static_cast<char>(length);
  return out;
}

std::size_t take_length(const char*& at) {
  std::size_t length = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*at++);
    length |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return length;
  }
}

std::string_view take_text(const char*& at) {
  const std::size_t size = take_length(at);
  const std::string_view text(at, size);
  at += size;
  return text;
}

char* put_text(char* out, std::string_view text) {
  out = put_length(out, text.size());
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

template <typename T>
T read_at(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

constexpr std::size_t kFixedBytes = sizeof(std::int64_t) + 2 * sizeof(std::int32_t);  // time, status, fault

}  // namespace

PackedHeadersView::const_iterator::value_type PackedHeadersView::const_iterator::operator*() const {
  const char* at = at_;
  const auto name = take_text(at);
  const auto value = take_text(at);
  return {std::string(name), std::string(value)};
}

PackedHeadersView::const_iterator& PackedHeadersView::const_iterator::operator++() {
  take_text(at_);
  take_text(at_);
  return *this;
}

std::size_t PackedHeaders::packed_size(const HeaderList& headers) {
  std::size_t size = 0;
  for (const auto& [name, value] : headers)
    size += length_size(name.size()) + name.size() + length_size(value.size()) + value.size();
  return size;
}

char* PackedHeaders::pack(const HeaderList& headers, char* out) {
  for (const auto& [name, value] : headers) out = put_text(put_text(out, name), value);
  return out;
}

PackedHeaders::PackedHeaders(const HeaderList& headers) {
  packed_.resize(packed_size(headers));
  pack(headers, packed_.data());
}

EntryParts EntryParts::of(const JournalEntry& entry) {
  return EntryParts{.time_ms = entry.time_ms,
                    .method = entry.method,
                    .target = entry.target,
                    .headers = nullptr,
                    .packed_headers = entry.headers.view().packed(),
                    .body = entry.body,
                    .status = entry.status,
                    .fault = entry.fault,
                    .served_states = entry.served_states};
}

std::size_t EntryParts::size() const {
  const std::size_t headers_size = headers ? PackedHeaders::packed_size(*headers) : packed_headers.size();
  std::size_t bytes = kFixedBytes;
  for (const auto text_size : {method.size(), target.size(), headers_size, body.size(), served_states.size()})
    bytes += length_size(text_size) + text_size;
  return bytes;
}

void EntryParts::write(char* out) const {
  const auto status32 = static_cast<std::int32_t>(status);
  const auto fault32 = static_cast<std::int32_t>(fault);
  std::memcpy(out, &time_ms, sizeof time_ms);
  std::memcpy(out + sizeof time_ms, &status32, sizeof status32);
  std::memcpy(out + sizeof time_ms + sizeof status32, &fault32, sizeof fault32);
  out += kFixedBytes;
  out = put_text(out, method);
  out = put_text(out, target);
  if (headers) {
    out = PackedHeaders::pack(*headers, put_length(out, PackedHeaders::packed_size(*headers)));
  } else {
    out = put_text(out, packed_headers);
  }
  out = put_text(out, body);
  put_text(out, served_states);
}

std::int64_t PackedEntryView::time_ms() const {
  return read_at<std::int64_t>(at_);
}

int PackedEntryView::status() const {
  return read_at<std::int32_t>(at_ + sizeof(std::int64_t));
}

int PackedEntryView::fault() const {
  return read_at<std::int32_t>(at_ + sizeof(std::int64_t) + sizeof(std::int32_t));
}

std::string_view PackedEntryView::text(std::size_t which) const {
  const char* at = at_ + kFixedBytes;
  for (std::size_t i = 0; i < which; ++i) take_text(at);
  return take_text(at);
}

std::size_t PackedEntryView::size() const {
  const char* at = at_ + kFixedBytes;
  for (std::size_t i = 0; i < kTexts; ++i) take_text(at);
  return static_cast<std::size_t>(at - at_);
}

JournalEntry PackedEntryView::unpack() const {
  return JournalEntry{time_ms(),
                      std::string(method()),
                      std::string(target()),
                      PackedHeaders(headers()),
                      std::string(body()),
                      status(),
                      fault(),
                      std::string(served_states())};
}

PackedEntry::PackedEntry(PackedEntryView view) : block_(new char[view.size()]) {
  std::memcpy(block_.get(), view.data(), view.size());
}

}  // namespace harness::fake
