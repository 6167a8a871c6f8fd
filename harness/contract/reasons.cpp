// Our own, precise reasons for a value that fails the keywords of the schemas at its location.
#include "harness/contract/reasons.hpp"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/contract/value_text.hpp"

namespace harness::contract::detail {
namespace {

using json = nlohmann::json;

// Same reading as valijson with strict types: 1.0 is a number but not an integer.
bool has_type(const json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number_integer();
  if (type == "string") return value.is_string();
  return false;
}

bool matches_type(const json& value, const json& type) {
  if (type.is_string()) return has_type(value, type.get<std::string>());
  if (!type.is_array()) return true;
  return std::any_of(type.begin(), type.end(), [&](const json& name) {
    return name.is_string() && has_type(value, name.get<std::string>());
  });
}

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

const json* keyword(const json& schema, const char* name) {
  const auto it = schema.find(name);
  return it == schema.end() ? nullptr : &*it;
}

class Evaluator {
 public:
  Evaluator(const json& value, std::vector<Finding>& out) : value_(value), out_(out) {}

  void run(const json& schema) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) add("false", "no value is allowed here");
      return;
    }
    if (!schema.is_object()) return;
    generic(schema);
    if (value_.is_string()) text(schema);
    if (value_.is_number()) number(schema);
    if (value_.is_object()) object(schema);
    if (value_.is_array()) array(schema);
  }

 private:
  void add(std::string kw, std::string reason) { out_.push_back({std::move(kw), std::move(reason)}); }

  void generic(const json& schema) {
    if (const json* type = keyword(schema, "type"); type && !matches_type(value_, *type)) {
      add("type", value_.is_null()
                      ? "got null, expected " + type_list(*type)
                      : json_text(value_) + " is " + kind_of(value_) + ", expected " + type_list(*type));
    }
    if (const json* values = keyword(schema, "enum"); values && values->is_array()) {
      if (std::find(values->begin(), values->end(), value_) == values->end()) {
        add("enum", json_text(value_) + " is not one of " + plain_list(*values));
      }
    }
    if (const json* expected = keyword(schema, "const"); expected && *expected != value_) {
      add("const", json_text(value_) + " is not the expected value " + json_text(*expected));
    }
  }

  void text(const json& schema) {
    const auto& s = value_.get_ref<const std::string&>();
    if (const json* pattern = keyword(schema, "pattern"); pattern && pattern->is_string()) {
      if (!std::regex_search(s, std::regex(pattern->get<std::string>()))) {
        std::string reason = json_text(value_) + " does not match the pattern " + pattern->get<std::string>();
        if (const json* d = keyword(schema, "description"); d && d->is_string()) {
          reason += " (" + d->get<std::string>() + ")";
        }
        add("pattern", std::move(reason));
      }
    }
    const std::size_t length = code_points(s);
    if (const json* min = keyword(schema, "minLength");
        min && min->is_number() && length < min->get<double>()) {
      add("minLength",
          json_text(value_) + " is shorter than " + counted(min->get<std::size_t>(), "character"));
    }
    if (const json* max = keyword(schema, "maxLength");
        max && max->is_number() && length > max->get<double>()) {
      add("maxLength",
          json_text(value_) + " is longer than " + counted(max->get<std::size_t>(), "character"));
    }
  }

  void number(const json& schema) {
    const double v = value_.get<double>();
    const std::string shown = json_text(value_);
    if (const json* min = keyword(schema, "minimum"); min && min->is_number() && v < min->get<double>()) {
      add("minimum", shown + " is less than the minimum " + json_text(*min));
    }
    if (const json* max = keyword(schema, "maximum"); max && max->is_number() && v > max->get<double>()) {
      add("maximum", shown + " is greater than the maximum " + json_text(*max));
    }
    if (const json* min = keyword(schema, "exclusiveMinimum");
        min && min->is_number() && v <= min->get<double>()) {
      add("exclusiveMinimum", shown + " is not greater than " + json_text(*min));
    }
    if (const json* max = keyword(schema, "exclusiveMaximum");
        max && max->is_number() && v >= max->get<double>()) {
      add("exclusiveMaximum", shown + " is not less than " + json_text(*max));
    }
  }

  void object(const json& schema) {
    if (const json* required = keyword(schema, "required"); required && required->is_array()) {
      for (const auto& name : *required) {
        if (name.is_string() && !value_.contains(name.get<std::string>())) {
          add("required", "missing required property " + json_text(name));
        }
      }
    }
    if (const json* extra = keyword(schema, "additionalProperties");
        extra && extra->is_boolean() && !*extra) {
      for (const auto& [name, unused] : value_.items()) {
        if (!declared(schema, name))
          add("additionalProperties", "unexpected property " + json_text(json(name)));
      }
    }
    bounds(schema, "minProperties", "maxProperties", value_.size(), "property", "properties");
  }

  void array(const json& schema) { bounds(schema, "minItems", "maxItems", value_.size(), "item", "items"); }

  void bounds(const json& schema, const char* min_kw, const char* max_kw, std::size_t n,
              const std::string& one, const std::string& many) {
    const std::string has = "has " + std::to_string(n) + " " + (n == 1 ? one : many);
    const std::string what = value_.is_object() ? "the object " : "the array ";
    if (const json* min = keyword(schema, min_kw); min && min->is_number() && n < min->get<double>()) {
      add(min_kw, what + has + ", fewer than the minimum " + json_text(*min));
    }
    if (const json* max = keyword(schema, max_kw); max && max->is_number() && n > max->get<double>()) {
      add(max_kw, what + has + ", more than the maximum " + json_text(*max));
    }
  }

  static bool declared(const json& schema, const std::string& name) {
    if (const json* props = keyword(schema, "properties");
        props && props->is_object() && props->contains(name)) {
      return true;
    }
    if (const json* patterns = keyword(schema, "patternProperties"); patterns && patterns->is_object()) {
      for (const auto& [pattern, unused] : patterns->items()) {
        if (std::regex_search(name, std::regex(pattern))) return true;
      }
    }
    return false;
  }

  const json& value_;
  std::vector<Finding>& out_;
};

}  // namespace

std::vector<Finding> local_failures(const json& value, const std::vector<const json*>& schemas) {
  std::vector<Finding> out;
  Evaluator evaluator(value, out);
  for (const json* schema : schemas) evaluator.run(*schema);
  return out;
}

}  // namespace harness::contract::detail
