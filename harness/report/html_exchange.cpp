// Transcripts (client::Exchange::transcript) back into their parts, as HTML.
#include "harness/report/html_exchange.hpp"

#include <algorithm>

#include "harness/report/html_text.hpp"

namespace harness::report {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool starts(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

void append_head_table(std::string& out, const std::vector<std::string_view>& headers) {
  if (headers.empty()) return;
  out += "<table class=\"head\">";
  for (const auto header : headers) {
    const auto colon = header.find(": ");
    out += "<tr><th>";
    append_html(out, header.substr(0, colon));
    out += "</th><td>";
    if (colon != std::string_view::npos) append_html(out, header.substr(colon + 2));
    out += "</td></tr>";
  }
  out += "</table>";
}

void append_body(std::string& out, const char* what, std::string_view body, std::string_view note,
                 const std::vector<std::string>& pointers) {
  if (body.empty() && note.empty()) return;
  std::string shown = json_body_html(body, pointers);
  const bool json = !shown.empty();
  if (!json) shown = html(body);
  const bool marked = shown.find("<mark") != std::string::npos;
  const auto lines = static_cast<std::size_t>(std::count(shown.begin(), shown.end(), '\n'));
  out +=
      marked || lines < 12 ? "<details class=\"body\" open><summary>" : "<details class=\"body\"><summary>";
  out += what;
  out += json ? " (JSON, " : " (";
  out += std::to_string(body.size()) + " bytes)";
  if (marked) out += " &middot; violation marked";
  out += "</summary><pre>" + shown + "</pre>";
  if (!note.empty()) out += "<p class=\"note\">" + html(note) + "</p>";
  out += "</details>";
}

std::string join(const std::vector<std::string_view>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) text += '\n';
    text += lines[i];
  }
  return text;
}

}  // namespace

std::vector<std::string> violation_pointers(std::string_view detail) {
  std::vector<std::string> pointers;
  for (const auto line : split_lines(detail)) {
    if (!starts(line, "  /")) continue;
    const auto colon = line.find(": ");
    if (colon != std::string_view::npos) pointers.emplace_back(line.substr(2, colon - 2));
  }
  return pointers;
}

void append_transcripts_html(std::string& out, std::string_view text,
                             const std::vector<std::string>& pointers) {
  const auto lines = split_lines(text);
  std::vector<std::string_view> plain;
  auto flush_plain = [&] {
    while (!plain.empty() && plain.back().empty()) plain.pop_back();
    if (!plain.empty()) out += "<pre class=\"text\">" + html(join(plain)) + "</pre>";
    plain.clear();
  };
  std::size_t i = 0;
  // A body runs to a blank line followed by the next transcript (or the end), or for a request, to the
  // response line.
  auto read_body = [&](bool request, std::string& note) {
    std::vector<std::string_view> body;
    if (i < lines.size() && lines[i].empty()) ++i;
    for (; i < lines.size(); ++i) {
      if (request && (starts(lines[i], "< ") || starts(lines[i], "! "))) break;
      if (!request && lines[i].empty() &&
          (i + 1 == lines.size() || starts(lines[i + 1], "> ") || starts(lines[i + 1], "... ") ||
           starts(lines[i + 1], "--- ")))
        break;
      body.push_back(lines[i]);
    }
    while (!body.empty() && body.back().empty()) body.pop_back();
    if (!body.empty() && starts(body.back(), "... (") &&
        body.back().find(" more bytes)") != std::string_view::npos) {
      note = std::string(body.back());
      body.pop_back();
    }
    return join(body);
  };
  while (i < lines.size()) {
    if (!starts(lines[i], "> ")) {
      plain.push_back(lines[i++]);
      continue;
    }
    flush_plain();
    out += "<div class=\"exchange\"><div class=\"reqline\">";
    append_html(out, lines[i++].substr(2));
    out += "</div>";
    std::vector<std::string_view> headers;
    while (i < lines.size() && starts(lines[i], "> ")) headers.push_back(lines[i++].substr(2));
    append_head_table(out, headers);
    std::string note;
    if (i < lines.size() && lines[i].empty() && i + 1 < lines.size() && !starts(lines[i + 1], "> ")) {
      const auto body = read_body(true, note);
      append_body(out, "request body", body, note, {});
    }
    if (i < lines.size() && starts(lines[i], "! ")) {
      out += "<div class=\"transport\">";
      append_html(out, lines[i++]);
      out += "</div>";
    }
    if (i < lines.size() && starts(lines[i], "< ")) {
      const auto status_line = lines[i++].substr(2);
      const char klass = status_line.empty() ? '0' : status_line[0];
      out += std::string("<div class=\"status s") + (klass >= '1' && klass <= '5' ? klass : '0') + "\">";
      append_html(out, status_line);
      out += "</div>";
      headers.clear();
      while (i < lines.size() && starts(lines[i], "< ")) headers.push_back(lines[i++].substr(2));
      append_head_table(out, headers);
      note.clear();
      if (i < lines.size() && lines[i].empty() && i + 1 < lines.size() && !starts(lines[i + 1], "> ")) {
        const auto body = read_body(false, note);
        append_body(out, "response body", body, note, pointers);
      }
    }
    out += "</div>";
    while (i < lines.size() && lines[i].empty()) ++i;
  }
  flush_plain();
}

}  // namespace harness::report
