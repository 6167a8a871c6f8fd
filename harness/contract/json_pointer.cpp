// RFC 6901 JSON pointers as token lists.
#include "harness/contract/json_pointer.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace harness::contract::detail {
namespace {

// A token that is an array index in RFC 6901 terms: "0" or digits without a leading zero.
std::optional<std::size_t> as_index(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t value = 0;
  const auto* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool token_less(const std::string& a, const std::string& b) {
  const auto ia = as_index(a);
  const auto ib = as_index(b);
  if (ia && ib) return *ia < *ib;
  if (ia != ib) return ia.has_value();  // indices before names
  return a < b;
}

}  // namespace

std::string escape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string join_pointer(const Tokens& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    out += '/';
    out += escape_token(token);
  }
  return out;
}

std::optional<Tokens> split_pointer(std::string_view pointer) {
  Tokens tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  std::string current;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(current));
      current.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
      current += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      current += pointer[i];
    }
  }
  return tokens;
}

bool pointer_less(const std::string& a, const std::string& b) {
  const auto ta = split_pointer(a);
  const auto tb = split_pointer(b);
  if (!ta || !tb) return a < b;
  return std::lexicographical_compare(ta->begin(), ta->end(), tb->begin(), tb->end(), token_less);
}

const nlohmann::json* resolve(const nlohmann::json& doc, const Tokens& tokens) {
  const nlohmann::json* node = &doc;
  for (const auto& token : tokens) {
    if (node->is_object()) {
      const auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      const auto index = as_index(token);
      if (!index || *index >= node->size()) return nullptr;
      node = &(*node)[*index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace harness::contract::detail
