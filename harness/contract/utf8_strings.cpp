#include "harness/contract/utf8_strings.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "harness/contract/json_pointer.hpp"

namespace harness::contract {
namespace {

// nlohmann's serializer is the UTF-8 check: with the strict handler it throws type_error 316 on a bad byte.
// ASCII text (nearly every body) is valid without that round trip.
bool is_utf8(const std::string& text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return true;
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Whether every string and key is UTF-8: the walk of a value that passes, which builds no pointers.
bool all_utf8(const nlohmann::json& value) {
  std::vector<const nlohmann::json*> pending{&value};
  while (!pending.empty()) {
    const nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_string()) {
      if (!is_utf8(node->get_ref<const std::string&>())) return false;
    } else if (node->is_object()) {
      for (auto item = node->cbegin(); item != node->cend(); ++item) {
        if (!is_utf8(item.key())) return false;
        pending.push_back(&item.value());
      }
    } else if (node->is_array()) {
      for (const auto& element : *node) pending.push_back(&element);
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> first_string_not_utf8(const nlohmann::json& value) {
  if (all_utf8(value)) return std::nullopt;
  // Some string is not: find the first in document order, with its pointer.
  std::vector<std::pair<const nlohmann::json*, std::string>> pending{{&value, ""}};
  while (!pending.empty()) {
    auto [node, pointer] = std::move(pending.back());
    pending.pop_back();
    if (node->is_string()) {
      if (!is_utf8(node->get_ref<const std::string&>())) return pointer;
    } else if (node->is_object()) {
      // Reversed onto the stack, so the first key is looked at first.
      for (auto item = node->crbegin(); item != node->crend(); ++item) {
        const std::string at = pointer + "/" + detail::escape_token(item.key());
        if (!is_utf8(item.key())) return at;
        pending.emplace_back(&item.value(), at);
      }
    } else if (node->is_array()) {
      for (std::size_t i = node->size(); i-- > 0;)
        pending.emplace_back(&(*node)[i], pointer + "/" + std::to_string(i));
    }
  }
  return std::nullopt;
}

}  // namespace harness::contract
