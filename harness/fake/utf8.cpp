#include "harness/fake/utf8.hpp"

#include <boost/locale/utf.hpp>

namespace harness::fake {
namespace {

using Utf8 = boost::locale::utf::utf_traits<char>;

// The length of the valid UTF-8 sequence at `at`, or 0 when the byte there does not start one (overlong
// forms, surrogates and code points past U+10FFFF included, as boost::locale decides).
std::size_t valid_sequence_at(std::string_view text, std::size_t at) {
  const char* begin = text.data() + at;
  const char* p = begin;
  const auto code = Utf8::decode(p, text.data() + text.size());
  if (code == boost::locale::utf::illegal || code == boost::locale::utf::incomplete) return 0;
  return static_cast<std::size_t>(p - begin);
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
      continue;
    }
    const std::size_t length = valid_sequence_at(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

void append_percent_encoded(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

std::string percent_encode_invalid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = static_cast<unsigned char>(text[at]) < 0x80 ? 1 : valid_sequence_at(text, at);
    if (length > 0) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    }
    append_percent_encoded(
        out, static_cast<unsigned char>(text[at++]));  // one bad byte; decoding resumes after it
  }
  return out;
}

}  // namespace harness::fake
