// Structural checks of a JSON Schema (draft-07 keywords that valijson 1.0 understands).
#include "harness/contract/schema_lint.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/contract/fixture_store.hpp"
#include "harness/contract/json_pointer.hpp"
#include "harness/contract/value_text.hpp"

namespace harness::contract::detail {
namespace {

using json = nlohmann::json;

constexpr std::array<const char*, 7> kTypeNames = {"null",   "boolean", "object", "array",
                                                   "number", "integer", "string"};
constexpr const char* kTypeNameList = "null, boolean, object, array, number, integer, string";

// Keywords whose value is one schema, one schema per property, or a non-empty list of schemas.
const std::set<std::string> kSchemaKeywords = {
    "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else"};
const std::set<std::string> kSchemaMapKeywords = {"properties", "definitions", "patternProperties"};
const std::set<std::string> kSchemaListKeywords = {"allOf", "anyOf", "oneOf"};
const std::set<std::string> kCountKeywords = {"minLength", "maxLength",     "minItems",
                                              "maxItems",  "minProperties", "maxProperties"};
const std::set<std::string> kNumberKeywords = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
const std::set<std::string> kStringKeywords = {"title", "description", "$comment", "$schema", "$id"};

bool is_type_name(const json& value) {
  if (!value.is_string()) return false;
  for (const char* name : kTypeNames) {
    if (value.get_ref<const std::string&>() == name) return true;
  }
  return false;
}

std::optional<std::string> percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

class Linter {
 public:
  Linter(const json& root, const std::string& file) : root_(root), file_(file) {}

  void run() {
    if (!root_.is_object()) fail({}, "a schema file must hold a JSON object, not " + kind_of(root_));
    schema(root_, {});
  }

 private:
  [[noreturn]] void fail(const Tokens& at, const std::string& why) const {
    throw FixtureError(file_, join_pointer(at), why);
  }

  static Tokens child(Tokens at, const std::string& token) {
    at.push_back(token);
    return at;
  }

  void schema(const json& node, const Tokens& at) {
    if (node.is_boolean()) return;
    if (!node.is_object()) fail(at, "must be a schema (an object or a boolean), not " + kind_of(node));
    for (const auto& [name, value] : node.items()) keyword(name, value, child(at, name));
  }

  void keyword(const std::string& name, const json& value, const Tokens& at) {
    if (kSchemaKeywords.count(name)) {
      schema(value, at);
    } else if (kSchemaMapKeywords.count(name)) {
      schema_map(name, value, at);
    } else if (kSchemaListKeywords.count(name)) {
      if (!value.is_array() || value.empty()) fail(at, "must be a non-empty array of schemas");
      for (std::size_t i = 0; i < value.size(); ++i) schema(value[i], child(at, std::to_string(i)));
    } else if (name == "items") {
      if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) schema(value[i], child(at, std::to_string(i)));
      } else if (value.is_object() || value.is_boolean()) {
        schema(value, at);
      } else {
        fail(at, "must be a schema (an object) or an array of schemas, not " + kind_of(value));
      }
    } else if (name == "type") {
      type(value, at);
    } else if (name == "required") {
      string_set(value, at);
    } else if (name == "enum") {
      if (!value.is_array() || value.empty()) fail(at, "must be a non-empty array");
    } else if (name == "pattern") {
      if (!value.is_string()) fail(at, "must be a string (a regular expression), not " + kind_of(value));
      regex(value.get<std::string>(), at);
    } else if (name == "$ref") {
      ref(value, at);
    } else if (name == "dependencies") {
      dependencies(value, at);
    } else if (kCountKeywords.count(name)) {
      if (!(value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0))) {
        fail(at, "must be a non-negative integer, not " + json_text(value));
      }
    } else if (kNumberKeywords.count(name)) {
      if (!value.is_number()) fail(at, "must be a number, not " + json_text(value));
    } else if (name == "multipleOf") {
      if (!value.is_number() || value.get<double>() <= 0) fail(at, "must be a number greater than 0");
    } else if (name == "uniqueItems") {
      if (!value.is_boolean()) fail(at, "must be true or false, not " + json_text(value));
    } else if (name == "format") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty())
        fail(at, "must be a non-empty string");
    } else if (kStringKeywords.count(name)) {
      if (!value.is_string()) fail(at, "must be a string, not " + kind_of(value));
    }
    // Any other keyword (const, default, examples, extensions) is allowed as it is.
  }

  void schema_map(const std::string& name, const json& value, const Tokens& at) {
    if (!value.is_object()) fail(at, "must be an object of schemas, not " + kind_of(value));
    for (const auto& [key, sub] : value.items()) {
      if (name == "patternProperties") regex(key, child(at, key));
      schema(sub, child(at, key));
    }
  }

  void type(const json& value, const Tokens& at) {
    if (value.is_string()) {
      if (!is_type_name(value)) fail(at, json_text(value) + " is not a type name (" + kTypeNameList + ")");
      return;
    }
    if (!value.is_array() || value.empty()) {
      fail(at, std::string("must be a type name (") + kTypeNameList + ") or a non-empty array of them");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!is_type_name(value[i])) {
        fail(child(at, std::to_string(i)),
             json_text(value[i]) + " is not a type name (" + kTypeNameList + ")");
      }
      if (!seen.insert(value[i].get<std::string>()).second) {
        fail(child(at, std::to_string(i)), json_text(value[i]) + " is listed twice");
      }
    }
  }

  void string_set(const json& value, const Tokens& at) {
    if (!value.is_array()) fail(at, "must be an array of strings, not " + kind_of(value));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string())
        fail(child(at, std::to_string(i)), "must be a string, not " + kind_of(value[i]));
      if (!seen.insert(value[i].get<std::string>()).second) {
        fail(child(at, std::to_string(i)), json_text(value[i]) + " is listed twice");
      }
    }
  }

  void dependencies(const json& value, const Tokens& at) {
    if (!value.is_object()) fail(at, "must be an object, not " + kind_of(value));
    for (const auto& [key, sub] : value.items()) {
      if (sub.is_array()) {
        string_set(sub, child(at, key));
      } else {
        schema(sub, child(at, key));
      }
    }
  }

  void regex(const std::string& pattern, const Tokens& at) const {
    // libstdc++'s regex compiler overflows an int (undefined behaviour, found by fuzz_contract) on a count
    // in {m,n} or a back-reference \N of ten digits or more: refuse those before compiling.
    bool in_braces = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == '{') in_braces = true;
      if (c == '}') in_braces = false;
      if (c != '\\' && c != '{' && !(in_braces && c == ',')) continue;
      std::size_t digits = 0;
      while (i + 1 + digits < pattern.size() &&
             std::isdigit(static_cast<unsigned char>(pattern[i + 1 + digits])))
        ++digits;
      if (digits >= 10)
        fail(at,
             json_text(json(pattern)) + " has a repeat count or back-reference too large for the validator");
      if (c == '\\') ++i;  // the escaped character is not a brace
    }
    try {
      std::regex compiled(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      fail(at, json_text(json(pattern)) + " is not a valid ECMAScript regular expression (" + e.what() + ")");
    }
  }

  void ref(const json& value, const Tokens& at) const {
    if (!value.is_string()) fail(at, "must be a string, not " + kind_of(value));
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty() || text.front() != '#') {
      fail(at, json_text(value) +
                   " is not a local reference: only \"#/...\" pointers into this file are supported");
    }
    const json* target = resolve_local_ref(root_, text);
    if (target == nullptr) fail(at, json_text(value) + " does not resolve to anything in this file");
    if (!target->is_object() && !target->is_boolean()) {
      fail(at, json_text(value) + " points at " + kind_of(*target) + ", not a schema");
    }
    // A chain of references that only leads back to itself never reaches a schema.
    std::set<const json*> visited;
    while (target->is_object() && target->contains("$ref") && (*target)["$ref"].is_string()) {
      if (!visited.insert(target).second) fail(at, json_text(value) + " is part of a circular $ref chain");
      target = resolve_local_ref(root_, (*target)["$ref"].get<std::string>());
      if (target == nullptr) return;  // reported where that $ref is linted
    }
  }

  const json& root_;
  const std::string& file_;
};

}  // namespace

const json* resolve_local_ref(const json& root, const std::string& ref) {
  if (ref.empty() || ref.front() != '#') return nullptr;
  const auto fragment = percent_decode(ref.substr(1));
  if (!fragment) return nullptr;
  const auto tokens = split_pointer(*fragment);
  if (!tokens) return nullptr;
  return resolve(root, *tokens);
}

void lint_schema(const json& schema, const std::string& file) {
  Linter(schema, file).run();
}

}  // namespace harness::contract::detail
