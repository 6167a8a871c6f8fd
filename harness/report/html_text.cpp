#include "harness/report/html_text.hpp"

#include "harness/report/text.hpp"

namespace harness::report {

void append_html(std::string& out, std::string_view text) {
  const std::string clean = sanitize_text(text);
  out.reserve(out.size() + clean.size());
  for (const char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string html(std::string_view text) {
  std::string out;
  append_html(out, text);
  return out;
}

}  // namespace harness::report
