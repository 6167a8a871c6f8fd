#include "harness/capture/base64_decode.hpp"

#include <openssl/evp.h>

#include <climits>

namespace harness::capture {

std::optional<std::string> decode_base64(std::string_view text) {
  // EVP_DecodeBlock decodes, but takes any byte it does not know as the end or as zero bits (and
  // EVP_DecodeUpdate stops silently at a '-'), so the alphabet is checked here first: line breaks and spaces
  // are dropped, '=' may only end the text, and missing padding is added.
  std::string clean;
  clean.reserve(text.size() + 3);
  std::size_t padding = 0;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
    } else {
      const bool in_alphabet =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!in_alphabet || padding > 0) return std::nullopt;
    }
    clean += c;
  }
  if (padding > 2 || clean.size() % 4 == 1) return std::nullopt;
  if (padding > 0 && clean.size() % 4 != 0) return std::nullopt;  // padded, but not to a group of four
  while (clean.size() % 4 != 0) {
    clean += '=';
    ++padding;
  }
  if (clean.empty()) return std::string();
  if (clean.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);  // EVP_DecodeBlock writes a zero byte for each '='
  return out;
}

}  // namespace harness::capture
