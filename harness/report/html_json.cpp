// JSON bodies as HTML, pretty-printed, with the values at violations' pointers marked.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/report/html_exchange.hpp"
#include "harness/report/html_text.hpp"

namespace harness::report {
namespace {

using Json = nlohmann::ordered_json;  // the body's own key order
constexpr int kMaxDepth = 64;  // deeper values are written compactly: no deep recursion on hostile bodies

std::string pointer_token(const std::string& key) {
  std::string out;
  for (const char c : key)
    out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Printer {
  const std::vector<std::string>& pointers;
  std::string out;

  void value(const Json& v, const std::string& pointer, int depth) {
    const bool marked = std::find(pointers.begin(), pointers.end(), pointer) != pointers.end();
    if (marked) {
      out += "<mark class=\"ptr\" title=\"";
      append_html(out, pointer);
      out += "\">";
    }
    const std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
    const std::string close_indent(static_cast<std::size_t>(depth) * 2, ' ');
    if (depth >= kMaxDepth || (!v.is_object() && !v.is_array()) || v.empty()) {
      out += v.is_string() ? "<span class=\"js\">" : "<span class=\"jv\">";
      append_html(out, dump(v));
      out += "</span>";
    } else if (v.is_object()) {
      out += "{\n";
      std::size_t i = 0;
      for (const auto& [key, item] : v.items()) {
        out += indent + "<span class=\"jk\">";
        append_html(out, dump(Json(key)));
        out += "</span>: ";
        value(item, pointer + "/" + pointer_token(key), depth + 1);
        out += ++i < v.size() ? ",\n" : "\n";
      }
      out += close_indent + "}";
    } else {
      out += "[\n";
      for (std::size_t i = 0; i < v.size(); ++i) {
        out += indent;
        value(v[i], pointer + "/" + std::to_string(i), depth + 1);
        out += i + 1 < v.size() ? ",\n" : "\n";
      }
      out += close_indent + "]";
    }
    if (marked) out += "</mark>";
  }
};

}  // namespace

std::string json_body_html(std::string_view body, const std::vector<std::string>& pointers) {
  const Json parsed = Json::parse(body.begin(), body.end(), nullptr, false);
  if (parsed.is_discarded()) return {};
  Printer printer{pointers, {}};
  printer.value(parsed, "", 0);
  return printer.out;
}

}  // namespace harness::report
