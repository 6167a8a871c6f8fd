// Finding the schema nodes that govern one location of a validated value.
#include "harness/contract/schema_walk.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/contract/schema_lint.hpp"

namespace harness::contract::detail {
namespace {

using json = nlohmann::json;

constexpr int kMaxRefDepth = 64;

class Walker {
 public:
  explicit Walker(const json& root) : root_(root) {}

  // node, resolved through $ref, plus its allOf parts (and its possible branches when asked).
  void expand(const json& node, bool branches, std::vector<const json*>& out, int depth = 0) const {
    if (depth > kMaxRefDepth) return;
    if (node.is_boolean()) {
      add(&node, out);
      return;
    }
    if (!node.is_object()) return;
    if (const auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
      if (const json* target = resolve_local_ref(root_, ref->get<std::string>())) {
        expand(*target, branches, out, depth + 1);
      }
      return;  // draft-07: keywords beside $ref are ignored
    }
    add(&node, out);
    expand_list(node, "allOf", branches, out, depth);
    if (!branches) return;
    expand_list(node, "anyOf", branches, out, depth);
    expand_list(node, "oneOf", branches, out, depth);
    for (const char* key : {"then", "else"}) {
      if (const auto it = node.find(key); it != node.end()) expand(*it, branches, out, depth + 1);
    }
  }

  // The schemas that node prescribes for the child `token` of parent.
  void step(const json& node, const std::string& token, const json& parent,
            std::vector<const json*>& out) const {
    if (!node.is_object()) return;  // true and false say nothing about children
    if (parent.is_object()) {
      bool matched = false;
      if (const auto props = node.find("properties"); props != node.end() && props->is_object()) {
        if (const auto it = props->find(token); it != props->end()) {
          out.push_back(&*it);
          matched = true;
        }
      }
      if (const auto patterns = node.find("patternProperties");
          patterns != node.end() && patterns->is_object()) {
        for (const auto& [pattern, sub] : patterns->items()) {
          if (std::regex_search(token, std::regex(pattern))) {
            out.push_back(&sub);
            matched = true;
          }
        }
      }
      if (const auto extra = node.find("additionalProperties"); !matched && extra != node.end()) {
        out.push_back(&*extra);
      }
    } else if (parent.is_array()) {
      const auto items = node.find("items");
      if (items == node.end()) return;
      if (!items->is_array()) {
        out.push_back(&*items);
        return;
      }
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || end != token.data() + token.size()) return;
      if (index < items->size()) {
        out.push_back(&(*items)[index]);
      } else if (const auto extra = node.find("additionalItems"); extra != node.end()) {
        out.push_back(&*extra);
      }
    }
  }

 private:
  static void add(const json* node, std::vector<const json*>& out) {
    if (std::find(out.begin(), out.end(), node) == out.end()) out.push_back(node);
  }

  void expand_list(const json& node, const char* key, bool branches, std::vector<const json*>& out,
                   int depth) const {
    const auto it = node.find(key);
    if (it == node.end() || !it->is_array()) return;
    for (const auto& sub : *it) expand(sub, branches, out, depth + 1);
  }

  const json& root_;
};

}  // namespace

std::vector<const json*> schemas_at(const json& schema_root, const json& value_root, const Tokens& at) {
  const Walker walker(schema_root);
  std::vector<const json*> nodes;
  walker.expand(schema_root, !at.empty(), nodes);
  const json* value = &value_root;
  for (std::size_t i = 0; i < at.size(); ++i) {
    std::vector<const json*> children;
    for (const json* node : nodes) walker.step(*node, at[i], *value, children);
    nodes.clear();
    const bool last = i + 1 == at.size();
    for (const json* node : children) walker.expand(*node, !last, nodes);
    value = resolve(*value, {at[i]});
    if (value == nullptr) return {};
  }
  return nodes;
}

}  // namespace harness::contract::detail
