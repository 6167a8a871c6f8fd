// sanitize_text copies runs of plain ASCII eight bytes at a time: it must give, byte for byte, what looking
// at one byte at a time gives, wherever in a word a control byte, a tab or a non-ASCII byte falls.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "harness/report/text.hpp"

namespace {

using harness::report::sanitize_text;

// The rule for ASCII, one byte at a time: printable bytes, DEL, tab, newline and return stay; other control
// bytes become \xNN. (Non-ASCII bytes are left to sanitize_text itself: each test text below keeps them
// whole, so its output is the reference's with them unchanged.)
std::string ascii_reference(const std::string& text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || b >= 0x20 || b == '\t' || b == '\n' || b == '\r') {
      out += c;
    } else {
      out += "\\x";
      out += kDigits[b >> 4];
      out += kDigits[b & 0xF];
    }
  }
  return out;
}

TEST(SanitizeRuns, EveryByteAtEveryPlaceOfAWord) {
  const std::string plain = "0123456789abcdefghijklmnopqrstuv";  // four words of plain ASCII
  for (int byte = 0; byte < 0x80; ++byte) {
    for (std::size_t at = 0; at < plain.size(); ++at) {
      std::string text = plain;
      text[at] = static_cast<char>(byte);
      ASSERT_EQ(sanitize_text(text), ascii_reference(text)) << "byte " << byte << " at " << at;
      ASSERT_EQ(sanitize_text(text.substr(0, at + 1)), ascii_reference(text.substr(0, at + 1)))
          << "byte " << byte << " ending a text of " << at + 1;
    }
  }
}

TEST(SanitizeRuns, WellFormedUtf8InsideRunsIsKept) {
  const std::string text =
      "abcdefg\xC3\xA9"  // é right after seven ASCII bytes
      "hijklmnop\xE2\x82\xAC"
      "qrstuvwx\xF0\x9F\x98\x80yz\n\tend\x7F";
  EXPECT_EQ(sanitize_text(text), text);
}

TEST(SanitizeRuns, RandomTextsMatchTheByteRule) {
  std::mt19937 random(13);
  std::uniform_int_distribution<int> length(0, 40), ascii(0, 0x7F), plain(0x20, 0x7E), pick(0, 9);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int n = length(random); n > 0; --n)
      text += static_cast<char>(pick(random) == 0 ? ascii(random) : plain(random));  // mostly plain runs
    ASSERT_EQ(sanitize_text(text), ascii_reference(text)) << text;
  }
}

TEST(SanitizeRuns, BrokenUtf8AfterARunIsStillReplaced) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(sanitize_text("0123456789\xFF"
                          "abcdefgh"),
            "0123456789" + r + "abcdefgh");
  EXPECT_EQ(sanitize_text("01234567\x01"
                          "89abcdef\xEF\xBF\xBE"),
            "01234567\\x0189abcdef" + r);  // U+FFFE is no XML character
}

}  // namespace
