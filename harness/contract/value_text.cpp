// How values and schema keywords are written inside violation reasons.
#include "harness/contract/value_text.hpp"

#include <vector>

#include <nlohmann/json.hpp>

namespace harness::contract::detail {
namespace {

constexpr std::size_t kMaxValueText = 80;

std::string join_words(const std::vector<std::string>& words, const std::string& last_separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? last_separator : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

std::string json_text(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() <= kMaxValueText) return text;
  std::size_t cut = kMaxValueText - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a UTF-8 sequence
  return text.substr(0, cut) + "...";
}

std::string kind_of(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::binary:
      return "binary data";
    default:
      return "a number";
  }
}

std::string plain_list(const nlohmann::json& values) {
  std::vector<std::string> words;
  for (const auto& value : values) {
    const bool bare = value.is_string() && !value.get_ref<const std::string&>().empty() &&
                      value.get_ref<const std::string&>().find(", ") == std::string::npos;
    words.push_back(bare ? value.get<std::string>() : json_text(value));
  }
  return join_words(words, ", ");
}

std::string type_list(const nlohmann::json& type) {
  if (type.is_string()) return type.get<std::string>();
  std::vector<std::string> words;
  for (const auto& name : type) words.push_back(name.is_string() ? name.get<std::string>() : json_text(name));
  return join_words(words, " or ");
}

std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace harness::contract::detail
