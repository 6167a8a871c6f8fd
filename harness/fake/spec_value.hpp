#pragma once
// The neutral value the spec module reads (spec.hpp): nulls, booleans, numbers, strings, lists and objects,
// as a read-only tree each door builds from what it holds: a JSON value (the admin API, here) or a Lua table
// (harness/script). Building it copies no string: its strings are views of the source, which must outlive
// the tree. Objects' members are sorted by name, as nlohmann::json keeps them, so every door meets the
// fields in the same order and says the same thing about them.
#include <cstdint>
#include <deque>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness::fake {

class SpecTree;

// One value of a tree: a handle (the tree and a position), cheap to copy, valid while its tree is.
class SpecValue {
 public:
  enum class Type : std::uint8_t { null, boolean, integer, number, string, list, object };

  Type type() const;
  bool is_null() const { return type() == Type::null; }
  bool is_boolean() const { return type() == Type::boolean; }
  bool is_number() const { return type() == Type::integer || type() == Type::number; }
  bool is_string() const { return type() == Type::string; }
  bool is_list() const { return type() == Type::list; }
  bool is_object() const { return type() == Type::object; }

  bool boolean() const;
  double number() const;  // an integer too
  std::string_view string() const;
  // Items of a list, members of an object; 0 for any other value.
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  SpecValue operator[](std::size_t i) const;  // item i of a list, or member i of an object (by name)
  std::string_view key() const;               // the name of an object's member; "" otherwise
  std::optional<SpecValue> find(std::string_view name) const;  // a member of an object
  // As JSON: the value the JSON door was given, or what a Lua value means as JSON (a field served as
  // given keeps it).
  nlohmann::json json() const;

 private:
  friend class SpecTree;
  SpecValue(const SpecTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
  const SpecTree* tree_;
  std::uint32_t index_;
};

class SpecTree {
 public:
  // How a door lays a value down: its node, and the children of a list or object in one block of nodes.
  struct Node {
    SpecValue::Type type = SpecValue::Type::null;
    bool boolean = false;
    std::uint32_t first = 0;  // a list's or object's first child
    std::uint32_t count = 0;  // its children
    std::int64_t integer = 0;
    double number = 0;
    std::string_view key;                    // an object member's name
    std::string_view text;                   // a string's bytes
    const nlohmann::json* source = nullptr;  // the JSON door's own value
  };

  // The tree of `value`, which must outlive it.
  explicit SpecTree(const nlohmann::json& value);
  SpecTree() = default;
  SpecTree(const SpecTree&) = delete;
  SpecTree& operator=(const SpecTree&) = delete;

  SpecValue root() const { return {this, 0}; }

  // For the doors: `count` nodes in a row (the root is the first block of one); returns the first's index.
  std::uint32_t add_nodes(std::uint32_t count);
  void reserve(std::size_t nodes) { nodes_.reserve(nodes); }
  // Empty again, for the next value; the nodes' room is kept if it holds at most `kept_nodes`.
  void clear(std::size_t kept_nodes);
  Node& node(std::uint32_t index) { return nodes_[index]; }
  const Node& node(std::uint32_t index) const { return nodes_[index]; }
  // A name the source does not hold as text (a Lua table's number key), kept as long as the tree.
  std::string_view keep(std::string text);
  // Sorts a filled object's members by name.
  void sort_members(std::uint32_t object);

 private:
  void add_json(std::uint32_t at, const nlohmann::json& value);
  std::vector<Node> nodes_;
  std::deque<std::string> kept_;  // a deque: its strings stay where they are as it grows
};

}  // namespace harness::fake
