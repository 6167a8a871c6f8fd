// The field reader of the spec module: one wording for every door's errors.
#include "harness/fake/spec_fields.hpp"

#include "harness/fake/http_message.hpp"

#include <cmath>
#include <limits>

namespace harness::fake::spec_detail {

Fields::Fields(const SpecValue& body, std::string where, const std::vector<std::string_view>& allowed)
    : body_(body), where_(std::move(where)) {
  if (!body_.is_object())
    throw SpecError(where_.empty()
                        ? "must be a table (a JSON object)"
                        : where_.substr(0, where_.size() - 1) + ": must be a table (a JSON object)");
  for (std::size_t i = 0; i < body_.size(); ++i) {
    const std::string_view key = body_[i].key();
    bool known = false;
    for (auto name : allowed) known = known || name == key;
    if (known) continue;
    std::vector<std::string_view> sorted(allowed);
    std::sort(sorted.begin(), sorted.end());
    std::string names;
    for (auto name : sorted) names += (names.empty() ? "" : ", ") + std::string(name);
    throw SpecError(where_ + std::string(key) + ": unknown field (expected one of " + names + ")");
  }
}

Value Fields::given(const char* key) const {
  return body_.find(key);
}

Value Fields::find(const char* key) const {
  Value value = given(key);
  return value && !value->is_null() ? value : std::nullopt;
}

void Fields::fail(std::string_view key, const std::string& why) const {
  throw SpecError(where_ + std::string(key) + ": " + why);
}

std::string Fields::string(const char* key) const {
  return std::string(text(key));
}

std::string_view Fields::text(const char* key) const {
  Value value = find(key);
  if (!value) return {};
  if (!value->is_string()) fail(key, "must be a string");
  return value->string();
}

std::optional<std::string> Fields::optional_string(const char* key) const {
  auto value = string(key);
  return value.empty() ? std::nullopt : std::optional<std::string>(std::move(value));
}

std::optional<double> Fields::number(const char* key) const {
  Value value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_number()) fail(key, "must be a number");
  return value->number();
}

int whole_number(const Fields& fields, std::string_view key, double value, int least) {
  // A double beyond an int has no int: casting it would be undefined.
  if (!(value >= least) || value > std::numeric_limits<int>::max() || std::floor(value) != value)
    fields.fail(key, "must be a whole number from " + std::to_string(least) + " to " +
                         std::to_string(std::numeric_limits<int>::max()));
  return static_cast<int>(value);
}

int Fields::whole(const char* key, int least) const {
  auto value = number(key);
  return value ? whole_number(*this, key, *value, least) : 0;
}

bool Fields::flag(const char* key) const {
  Value value = find(key);
  if (!value) return false;
  if (!value->is_boolean()) fail(key, "must be true or false");
  return value->boolean();
}

std::vector<std::pair<std::string, std::string>> Fields::string_map(const char* key) const {
  std::vector<std::pair<std::string, std::string>> pairs;
  Value value = find(key);
  if (!value) return pairs;
  if (!value->is_object()) fail(key, "must map names to strings");
  for (std::size_t i = 0; i < value->size(); ++i) {
    const SpecValue item = (*value)[i];
    const std::string name(item.key());
    if (item.is_string())
      pairs.emplace_back(name, std::string(item.string()));
    else if (item.is_number())
      pairs.emplace_back(name, item.json().dump());
    else
      fail(std::string(key) + "." + name, "must be a string");
  }
  return pairs;  // an object's members are sorted by name: the same order on every run
}

// Such a value would split the answer in two (http_message.hpp).
constexpr const char* kNotAHeaderValue = "must not hold CR, LF or another control character but tab";

std::vector<std::pair<std::string, std::string>> Fields::header_map(const char* key) const {
  auto pairs = string_map(key);
  for (const auto& [name, value] : pairs) {
    if (!is_token(name)) fail(std::string(key) + "." + name, "is not a header name (RFC 9110: a token)");
    if (!is_header_value(value)) fail(std::string(key) + "." + name, kNotAHeaderValue);
  }
  return pairs;
}

std::optional<std::string> Fields::header_value(const char* key) const {
  auto value = optional_string(key);
  if (value && !is_header_value(*value)) fail(key, kNotAHeaderValue);
  return value;
}

// The string when the value is one; nullopt (and the value in `overrides`) for null or any other type.
std::optional<std::string_view> Fields::served_string(const char* key, Json& overrides) const {
  Value value = given(key);
  if (!value) return std::nullopt;
  if (value->is_string()) return value->string();
  overrides[key] = value->json();
  return std::nullopt;
}

void Fields::served(const char* key, std::string& typed, Json& overrides) const {
  if (auto text = served_string(key, overrides)) typed = *text;
}

void Fields::served(const char* key, std::optional<std::string>& typed, Json& overrides) const {
  if (auto text = served_string(key, overrides)) typed = std::string(*text);
}

void Fields::served(const char* key, OptionalText& typed, Json& overrides) const {
  if (auto text = served_string(key, overrides)) typed = std::string(*text);
}

void Fields::served(const char* key, std::string_view& typed, Json& overrides) const {
  if (auto text = served_string(key, overrides)) typed = *text;
}

void Fields::served(const char* key, std::optional<std::string_view>& typed, Json& overrides) const {
  if (auto text = served_string(key, overrides)) typed = *text;
}

void Fields::extra(Json& overrides) const {
  Value value = find("extra");
  if (!value) return;
  if (!value->is_object()) fail("extra", "must be a table of fields to add to the body");
  for (std::size_t i = 0; i < value->size(); ++i) {
    const SpecValue member = (*value)[i];
    auto& slot = overrides[std::string(member.key())];
    auto item = member.json();
    if (slot.is_object() && item.is_object())
      slot.update(item, true);  // extra = {entities = {...}} adds to entities given by value
    else
      slot = std::move(item);
  }
}

bool is_list(const SpecValue& value) {
  return value.is_list() || (value.is_object() && value.empty());
}

std::shared_ptr<const Json> keep(Json overrides) {
  if (overrides.is_null() || overrides.empty()) return nullptr;
  return std::make_shared<const Json>(std::move(overrides));
}

}  // namespace harness::fake::spec_detail
