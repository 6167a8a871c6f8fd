#pragma once
// The fuzz targets' oracle for a JUnit report: pugixml parses it, and every byte is text XML 1.0 allows
// (valid UTF-8, no C0 control but tab/LF/CR, no U+FFFE/U+FFFF). pugixml alone accepts both of those, but CI
// readers reject the whole file for them. Aborts (a libFuzzer crash) with the reason when the report is not
// well-formed.
#include <cstdio>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace harness::fuzz {

// The offset of the first byte that is not allowed XML 1.0 text in valid UTF-8, or npos.
inline std::size_t first_bad_xml_byte(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF)
      length = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      length = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      length = 4, cp = c & 0x07;
    else
      return i;
    if (i + length > n) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return i;
    i += length;
  }
  return std::string_view::npos;
}

inline void require_allowed_text(std::string_view text, const char* what) {
  if (const auto at = first_bad_xml_byte(text); at != std::string_view::npos) {
    std::fprintf(stderr, "%s: byte %zu (0x%02x) is not XML 1.0 text in UTF-8\n", what, at,
                 static_cast<unsigned char>(text[at]));
    std::abort();
  }
}

// Parses `xml` into `document` or aborts.
inline void require_well_formed(const std::string& xml, pugi::xml_document& document) {
  require_allowed_text(xml, "report");
  const auto parsed = document.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!parsed) {
    std::fprintf(stderr, "report is not well-formed XML: %s at offset %td\n", parsed.description(),
                 parsed.offset);
    std::abort();
  }
  if (!document.child("testsuites")) {
    std::fprintf(stderr, "report has no <testsuites> root\n");
    std::abort();
  }
}

}  // namespace harness::fuzz
