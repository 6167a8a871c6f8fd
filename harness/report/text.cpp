#include "harness/report/text.hpp"

#include <cstdint>
#include <cstring>

namespace harness::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The well-formed UTF-8 byte sequences (Unicode 15, table 3-7): given a lead byte, how many bytes follow and
// the range allowed for the first of them (the rest are always 80..BF). The narrowed ranges exclude overlong
// forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4). Lead bytes C0, C1 and F5..FF never
// start one.
struct Lead {
  int trailing = -1;  // -1: not a lead byte
  unsigned char lo = 0x80, hi = 0xBF;
};

Lead classify(unsigned char b) {
  if (b < 0x80) return {0};
  if (b >= 0xC2 && b <= 0xDF) return {1};
  if (b == 0xE0) return {2, 0xA0, 0xBF};
  if (b == 0xED) return {2, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {2};
  if (b == 0xF0) return {3, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {3};
  if (b == 0xF4) return {3, 0x80, 0x8F};
  return {};
}

// Kept as it is by sanitize_text: printable ASCII, DEL, tab, newline and carriage return.
bool is_plain_ascii(unsigned char b) {
  return b < 0x80 && (b >= 0x20 || b == '\t' || b == '\n' || b == '\r');
}

// Where the run of is_plain_ascii bytes starting at `from` ends: eight bytes at a time while all of them are
// in 0x20..0x7F (in word | (word - 0x20 per byte), a byte's top bit is set when it is 0x80 or more, or when
// it is below 0x20 and wraps; only such a byte borrows from the next), then byte by byte past a tab or
// newline.
std::size_t plain_ascii_end(std::string_view text, std::size_t from) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kTops = 0x8080808080808080ULL;
  std::size_t at = from;
  while (at < text.size()) {
    if (text.size() - at >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + at, 8);
      if (((word | (word - 0x20 * kOnes)) & kTops) == 0) {
        at += 8;
        continue;
      }
    }
    if (!is_plain_ascii(static_cast<unsigned char>(text[at]))) break;
    ++at;
  }
  return at;
}

void append_hex_escape(std::string& out, unsigned char c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[c >> 4];
  out += kDigits[c & 0xF];
}

}  // namespace

std::string sanitize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of printable ASCII (and tab, newline, return) goes in as it is, in one append: most report text
    // is that, and a byte at a time is what made sanitizing cost more than the rest of writing a case's
    // output.
    const std::size_t run = plain_ascii_end(text, i);
    if (run > i) {
      out.append(text, i, run - i);
      i = run;
      continue;
    }
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // a control character
      append_hex_escape(out, b);
      ++i;
      continue;
    }
    const Lead lead = classify(b);
    if (lead.trailing < 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // Accept the trailing bytes one by one; on the first wrong (or missing) one, the bytes taken so far are
    // one maximal ill-formed subpart and become a single U+FFFD.
    std::size_t taken = 1;
    bool ok = true;
    for (int k = 0; k < lead.trailing; ++k) {
      if (i + taken >= text.size()) {
        ok = false;
        break;
      }
      const auto t = static_cast<unsigned char>(text[i + taken]);
      const unsigned char lo = k == 0 ? lead.lo : 0x80;
      const unsigned char hi = k == 0 ? lead.hi : 0xBF;
      if (t < lo || t > hi) {
        ok = false;
        break;
      }
      ++taken;
    }
    if (!ok) {
      out += kReplacement;
      i += taken;
      continue;
    }
    const std::string_view seq = text.substr(i, taken);
    // U+FFFE is EF BF BE, U+FFFF is EF BF BF: well-formed UTF-8, but not XML 1.0 characters.
    if (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF") {
      out += kReplacement;
    } else {
      out += seq;
    }
    i += taken;
  }
  return out;
}

std::string sanitize_token(std::string_view text) {
  const std::string clean = sanitize_text(text);
  std::string out;
  out.reserve(clean.size());
  bool pending_space = false;
  for (const char c : clean) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string truncate_code_points(std::string_view text, std::size_t max_code_points,
                                 std::string_view ellipsis) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Count lead bytes only: a code point starts at every byte that is not 10xxxxxx.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == max_code_points) {
        std::string out(text.substr(0, i));
        out += ellipsis;
        return out;
      }
      ++count;
    }
  }
  return std::string(text);
}

std::string_view first_line(std::string_view text) {
  const std::size_t end = text.find_first_of("\r\n");
  return end == std::string_view::npos ? text : text.substr(0, end);
}

}  // namespace harness::report
