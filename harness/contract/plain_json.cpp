#include "harness/contract/plain_json.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>
#include <nlohmann/json.hpp>

namespace harness::contract {
namespace {

namespace json = boost::json;

// boost::json::parser's own handler (a value_stack), noting what would make the value read otherwise than
// nlohmann's parse of the same text.
class PlainValueHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;
  bool differs = false;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) {
    stack.push_object(n);  // of duplicate keys the last stays, as in nlohmann
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack.push_array(n);
    return true;
  }
  // A key or string arrives in parts (pushed as chars) when it has escapes; the adapter cuts either at a NUL.
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) { return text(s, nullptr); }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    return text(s, &json::value_stack::push_key);
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) { return text(s, nullptr); }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    return text(s, &json::value_stack::push_string);
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view s, json::error_code&) {
    // -0: nlohmann's signed 0 (any other integer >= 0 is its unsigned), which an int64 cannot tell from 0.
    if (i == 0 && (number_.empty() ? s : json::string_view(number_)).starts_with('-')) differs = true;
    number_.clear();
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    // nlohmann's unsigned, which valijson reads as a negative int64, Boost.JSON's adapter as no integer.
    differs = true;
    number_.clear();
    stack.push_uint64(u);
    return true;
  }
  // Boost.JSON 1.81 reads doubles fast but not always to the nearest; nlohmann's strtod does, as does
  // from_chars.
  bool on_double(double, json::string_view s, json::error_code&) {
    number_.append(s.data(), s.size());
    double exact = 0;
    const auto [end, error] = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    // Out of range: nlohmann refuses an overflow (json_error) and keeps an underflow; it parses that text.
    if (error != std::errc{} || end != number_.data() + number_.size() || !std::isfinite(exact))
      differs = true;
    number_.clear();
    stack.push_double(exact);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool text(json::string_view s, void (json::value_stack::*push_whole)(json::string_view)) {
    if (s.find('\0') != json::string_view::npos) differs = true;
    if (push_whole != nullptr)
      (stack.*push_whole)(s);
    else
      stack.push_chars(s);
    return true;
  }
  std::string number_;  // a number's text so far, when it arrives in parts
};

}  // namespace

std::optional<json::value> parse_plain_json(std::string_view text, std::size_t max_depth) {
  json::parse_options options;  // standard JSON only, strings UTF-8
  options.max_depth = max_depth;
  json::basic_parser<PlainValueHandler> parser(options);
  parser.handler().stack.reset();
  json::error_code error;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), error);
  if (error || !parser.done() || used != text.size() || parser.handler().differs) return std::nullopt;
  return parser.handler().stack.release();
}

nlohmann::json to_nlohmann(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return nullptr;
    case json::kind::bool_:
      return value.get_bool();
    case json::kind::int64:
      if (value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
      return value.get_int64();
    case json::kind::uint64:
      return value.get_uint64();
    case json::kind::double_:
      return value.get_double();
    case json::kind::string:
      return std::string(value.get_string());
    case json::kind::array: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : value.get_array()) out.push_back(to_nlohmann(item));
      return out;
    }
    case json::kind::object: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : value.get_object())
        out.emplace(std::string(item.key()), to_nlohmann(item.value()));
      return out;
    }
  }
  return nullptr;
}

}  // namespace harness::contract
