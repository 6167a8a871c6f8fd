#include "harness/capture/lua_text.hpp"

#include <array>
#include <cstdio>
#include <vector>

namespace harness::capture::lua_text {
namespace lua_text_detail {

// Marks a JSON string as Lua source (expression()): a byte sequence no captured text is taken to start with.
constexpr std::string_view kExpressionMark = "\x01lua-expression\x01";

bool is_expression(const Json& value) {
  return value.is_string() && value.get_ref<const std::string&>().starts_with(kExpressionMark);
}

std::string_view expression_text(const Json& value) {
  return std::string_view(value.get_ref<const std::string&>()).substr(kExpressionMark.size());
}

// The length of the valid UTF-8 sequence of two to four bytes at `at`, or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i)
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
  const unsigned char second = byte(at + 1);
  if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) || (lead == 0xf0 && second < 0x90) ||
      (lead == 0xf4 && second > 0x8f))
    return 0;  // overlong, a surrogate, or beyond U+10FFFF
  return length;
}

// The string's literal as pieces that must not be split: one character or one escape each.
std::vector<std::string> literal_pieces(std::string_view bytes) {
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < bytes.size();) {
    const unsigned char c = static_cast<unsigned char>(bytes[at]);
    if (c == '"' || c == '\\') {
      pieces.push_back(std::string("\\") + static_cast<char>(c));
    } else if (c == '\n' || c == '\r' || c == '\t') {
      pieces.push_back(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
    } else if (c >= 0x20 && c < 0x7f) {
      pieces.push_back(std::string(1, static_cast<char>(c)));
    } else if (const auto length = c >= 0x80 ? utf8_sequence(bytes, at) : 0; length > 0) {
      pieces.push_back(std::string(bytes.substr(at, length)));
      at += length;
      continue;
    } else {
      std::array<char, 8> escaped{};
      std::snprintf(escaped.data(), escaped.size(), "\\%03u", static_cast<unsigned>(c));
      pieces.push_back(escaped.data());
    }
    ++at;
  }
  return pieces;
}

// Columns a piece takes on screen (a UTF-8 character is one).
std::size_t width(std::string_view text) {
  std::size_t columns = 0;
  for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return columns;
}

// A long string as `"..." ..` lines, each within the limit.
std::string split_literal(const std::vector<std::string>& pieces, std::size_t indent, std::size_t column,
                          std::size_t tail) {
  std::string out;
  std::string line = "\"";
  std::size_t at = column + 1;
  const std::size_t continuation = indent + 4;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool last = i + 1 == pieces.size();
    const std::size_t need = width(pieces[i]) + (last ? 1 + tail : 4);  // `" ..` or `"` and the tail
    if (at + need > kLineLimit && line.size() > 1) {
      out += line + "\" ..\n" + std::string(continuation, ' ');
      line.assign(1, '"');
      at = continuation + 1;
    }
    line += pieces[i];
    at += width(pieces[i]);
  }
  return out + line + "\"";
}

bool is_lua_name(std::string_view name) {
  static const std::vector<std::string_view> keywords = {
      "and", "break", "do",  "else", "elseif", "end",    "false",  "for",  "function", "goto",  "if",
      "in",  "local", "nil", "not",  "or",     "repeat", "return", "then", "true",     "until", "while"};
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  for (const auto word : keywords)
    if (name == word) return false;
  return true;
}

std::string scalar(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (is_expression(value)) return std::string(expression_text(value));
  if (value.is_string()) return quote(value.get_ref<const std::string&>());
  return value.dump();  // a number as JSON writes it, which Lua reads back as the same kind of number
}

std::string inline_table(const Json& value) {
  if (value.empty()) return value.is_array() ? "empty_array" : "{}";
  std::string out = "{ ";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    if (value.is_object()) out += key(it.key()) + " = ";
    out += it->is_structured() ? inline_table(*it) : scalar(*it);
  }
  return out + " }";
}

}  // namespace lua_text_detail

using namespace lua_text_detail;

Json expression(std::string text) {
  return Json(std::string(kExpressionMark) + text);
}

std::string quote(std::string_view bytes) {
  std::string out = "\"";
  for (const auto& piece : literal_pieces(bytes)) out += piece;
  return out + "\"";
}

std::string key(std::string_view name) {
  if (is_lua_name(name)) return std::string(name);
  std::string bracketed = "[";  // appended, not "[" + string: GCC 12 warns falsely on that in Release
  bracketed += quote(name);
  bracketed += ']';
  return bracketed;
}

std::string value(const Json& value, std::size_t indent, std::size_t column, std::size_t tail) {
  if (!value.is_structured()) {
    std::string text = scalar(value);
    if (!value.is_string() || is_expression(value) || column + width(text) + tail <= kLineLimit) return text;
    return split_literal(literal_pieces(value.get_ref<const std::string&>()), indent, column, tail);
  }
  std::string flat = inline_table(value);
  if (column + width(flat) + tail <= kLineLimit) return flat;
  const std::string inner(indent + 2, ' ');
  std::string out = "{\n";
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string prefix = inner;
    if (value.is_object()) prefix += key(it.key()) + " = ";
    out += prefix + lua_text::value(*it, indent + 2, width(prefix), 1) + ",\n";
  }
  return out + std::string(indent, ' ') + "}";
}

}  // namespace harness::capture::lua_text
