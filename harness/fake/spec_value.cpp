// The spec module's neutral value, and the JSON door's way into it.
#include "harness/fake/spec_value.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace harness::fake {

using Type = SpecValue::Type;

Type SpecValue::type() const {
  return tree_->node(index_).type;
}

bool SpecValue::boolean() const {
  return tree_->node(index_).boolean;
}

double SpecValue::number() const {
  const auto& node = tree_->node(index_);
  return node.type == Type::integer ? static_cast<double>(node.integer) : node.number;
}

std::string_view SpecValue::string() const {
  return tree_->node(index_).text;
}

std::size_t SpecValue::size() const {
  return tree_->node(index_).count;
}

SpecValue SpecValue::operator[](std::size_t i) const {
  return {tree_, tree_->node(index_).first + static_cast<std::uint32_t>(i)};
}

std::string_view SpecValue::key() const {
  return tree_->node(index_).key;
}

std::optional<SpecValue> SpecValue::find(std::string_view name) const {
  const auto& node = tree_->node(index_);
  if (node.type != Type::object) return std::nullopt;
  for (std::uint32_t i = node.first; i < node.first + node.count; ++i)  // a spec has a dozen fields at most
    if (tree_->node(i).key == name) return SpecValue(tree_, i);
  return std::nullopt;
}

nlohmann::json SpecValue::json() const {
  const auto& node = tree_->node(index_);
  if (node.source) return *node.source;
  switch (node.type) {
    case Type::null:
      return nullptr;
    case Type::boolean:
      return node.boolean;
    case Type::integer:
      return node.integer;
    case Type::number:
      return node.number;
    case Type::string:
      return std::string(node.text);
    case Type::list: {
      auto list = nlohmann::json::array();
      for (std::size_t i = 0; i < node.count; ++i) list.push_back((*this)[i].json());
      return list;
    }
    case Type::object: {
      auto object = nlohmann::json::object();
      for (std::size_t i = 0; i < node.count; ++i) {
        const auto member = (*this)[i];
        object[std::string(member.key())] = member.json();
      }
      return object;
    }
  }
  return nullptr;
}

SpecTree::SpecTree(const nlohmann::json& value) {
  add_json(add_nodes(1), value);
}

std::uint32_t SpecTree::add_nodes(std::uint32_t count) {
  const auto first = static_cast<std::uint32_t>(nodes_.size());
  nodes_.resize(nodes_.size() + count);
  return first;
}

void SpecTree::clear(std::size_t kept_nodes) {
  nodes_.clear();  // keeps its room, so the next value's nodes need no allocation, unless it is large
  if (nodes_.capacity() > kept_nodes) nodes_ = {};
  kept_.clear();
}

std::string_view SpecTree::keep(std::string text) {
  return kept_.emplace_back(std::move(text));
}

void SpecTree::sort_members(std::uint32_t object) {
  const auto first = nodes_.begin() + node(object).first;
  std::sort(first, first + node(object).count, [](const Node& a, const Node& b) { return a.key < b.key; });
}

// Nodes are reached by index: adding a block may move them all.
void SpecTree::add_json(std::uint32_t at, const nlohmann::json& value) {
  node(at).source = &value;
  switch (value.type()) {
    case nlohmann::json::value_t::boolean:
      node(at).type = Type::boolean;
      node(at).boolean = value.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      node(at).type = Type::number;
      node(at).number = value.get<double>();
      break;
    case nlohmann::json::value_t::string:
      node(at).type = Type::string;
      node(at).text = value.get_ref<const std::string&>();
      break;
    case nlohmann::json::value_t::array: {
      const auto first = add_nodes(static_cast<std::uint32_t>(value.size()));
      node(at).type = Type::list;
      node(at).first = first;
      node(at).count = static_cast<std::uint32_t>(value.size());
      for (std::size_t i = 0; i < value.size(); ++i)
        add_json(first + static_cast<std::uint32_t>(i), value[i]);
      break;
    }
    case nlohmann::json::value_t::object: {
      const auto first = add_nodes(static_cast<std::uint32_t>(value.size()));
      node(at).type = Type::object;
      node(at).first = first;
      node(at).count = static_cast<std::uint32_t>(value.size());
      std::uint32_t i = first;
      for (const auto& [key, item] : value.get_ref<const nlohmann::json::object_t&>()) {  // sorted already
        node(i).key = key;
        add_json(i++, item);
      }
      break;
    }
    default:  // null, and the binary type no JSON text has
      node(at).type = Type::null;
  }
}

}  // namespace harness::fake
