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

// The three numbers as zigzag LEB128 (small magnitudes, either sign, in few bytes): a time in milliseconds
// takes 6 bytes, a status 2, no fault 1, where fixed widths took 16.
std::size_t zigzag(std::int64_t number) {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(number) << 1) ^
                                  static_cast<std::uint64_t>(number >> 63));
}

std::int64_t unzigzag(std::size_t bits) {
  return static_cast<std::int64_t>(bits >> 1) ^ -static_cast<std::int64_t>(bits & 1);
}

std::int64_t take_number(const char*& at) {
  return unzigzag(take_length(at));
}

// Past the numbers before the texts: `count` of time, status and fault.
const char* skip_numbers(const char* at, int count) {
  for (int i = 0; i < count; ++i) take_length(at);
  return at;
}

constexpr int kNumbers = 3;  // time, status, fault

// The headers' field: their length doubled, plus 1 when shared and then followed by the distance back from
// the entry's first byte (`entry`) to the shared bytes; else the bytes themselves.
std::string_view take_headers(const char*& at, const char* entry) {
  const std::size_t tagged = take_length(at);
  const std::size_t size = tagged >> 1;
  if (tagged & 1) return std::string_view(entry - take_length(at), size);
  const std::string_view bytes(at, size);
  at += size;
  return bytes;
}

// Past one text of an entry; returns it.
std::string_view take_field(const char*& at, const char* entry, bool is_headers) {
  return is_headers ? take_headers(at, entry) : take_text(at);
}

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

bool PackedHeadersView::holds(const HeaderList& headers) const {
  const char* at = packed_.data();
  const char* const end = at + packed_.size();
  for (const auto& [name, value] : headers) {
    if (at == end || take_text(at) != name || take_text(at) != value) return false;
  }
  return at == end;
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

EntryParts EntryParts::of(const PackedEntryView& entry) {
  return EntryParts{.time_ms = entry.time_ms(),
                    .method = entry.method(),
                    .target = entry.target(),
                    .headers = nullptr,
                    .packed_headers = entry.headers().packed(),
                    .body = entry.body(),
                    .status = entry.status(),
                    .fault = entry.fault(),
                    .served_states = entry.served_states()};
}

std::size_t EntryParts::size() const {
  const std::size_t headers_size = headers ? PackedHeaders::packed_size(*headers) : packed_headers.size();
  std::size_t bytes = length_size(zigzag(time_ms)) + length_size(zigzag(status)) + length_size(zigzag(fault));
  for (const auto text_size : {method.size(), target.size(), body.size(), served_states.size()})
    bytes += length_size(text_size) + text_size;
  bytes += length_size(2 * headers_size + (shared_headers_back > 0 ? 1 : 0));
  bytes += shared_headers_back > 0 ? length_size(shared_headers_back) : headers_size;
  return bytes;
}

void EntryParts::write(char* out) const {
  out = put_length(put_length(put_length(out, zigzag(time_ms)), zigzag(status)), zigzag(fault));
  out = put_text(out, method);
  out = put_text(out, target);
  const std::size_t headers_size = headers ? PackedHeaders::packed_size(*headers) : packed_headers.size();
  if (shared_headers_back > 0) {
    out = put_length(put_length(out, 2 * headers_size + 1), shared_headers_back);
  } else if (headers) {
    out = PackedHeaders::pack(*headers, put_length(out, 2 * headers_size));
  } else {
    out = put_length(out, 2 * headers_size);
    if (headers_size > 0) std::memcpy(out, packed_headers.data(), headers_size);
    out += headers_size;
  }
  out = put_text(out, body);
  put_text(out, served_states);
}

std::int64_t PackedEntryView::time_ms() const {
  const char* at = at_;
  return take_number(at);
}

int PackedEntryView::status() const {
  const char* at = skip_numbers(at_, 1);
  return static_cast<int>(take_number(at));
}

int PackedEntryView::fault() const {
  const char* at = skip_numbers(at_, 2);
  return static_cast<int>(take_number(at));
}

std::string_view PackedEntryView::text(std::size_t which) const {
  const char* at = skip_numbers(at_, kNumbers);
  for (std::size_t i = 0; i < which; ++i) take_field(at, at_, i == kHeaders);
  return take_field(at, at_, which == kHeaders);
}

std::size_t PackedEntryView::size() const {
  const char* at = skip_numbers(at_, kNumbers);
  for (std::size_t i = 0; i < kTexts; ++i) take_field(at, at_, i == kHeaders);
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

PackedEntry::PackedEntry(PackedEntryView view) {
  const auto parts = EntryParts::of(view);  // shared headers copied in: the block stands alone
  block_ = std::make_unique_for_overwrite<char[]>(parts.size());
  parts.write(block_.get());
}

}  // namespace harness::fake
