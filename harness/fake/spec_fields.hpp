#pragma once
// Reading the fields of one object of a spec (a SpecValue, whichever door it came by), naming each field
// (after `where`) in its errors. Private to the spec module (harness/fake/spec_*.cpp).
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/fake/spec.hpp"
#include "harness/fake/spec_value.hpp"

namespace harness::fake::spec_detail {

using Json = nlohmann::json;
using Value = std::optional<SpecValue>;

class Fields {
 public:
  Fields(const SpecValue& body, std::string where, const std::vector<std::string_view>& allowed);

  Value given(const char* key) const;  // present, null included
  Value find(const char* key) const;   // present and not null
  [[noreturn]] void fail(std::string_view key, const std::string& why) const;
  std::string name(std::string_view key) const { return where_ + std::string(key); }
  const std::string& where() const { return where_; }

  std::string string(const char* key) const;     // "" when absent or null
  std::string_view text(const char* key) const;  // the same, viewing the spec's own bytes
  std::optional<std::string> optional_string(const char* key) const;
  std::optional<double> number(const char* key) const;
  int whole(const char* key, int least) const;  // 0 when absent
  bool flag(const char* key) const;
  // An object of strings (numbers read as their JSON text).
  std::vector<std::pair<std::string, std::string>> string_map(const char* key) const;
  // Headers the fake sends: a string_map of tokens to header values (is_token, is_header_value:
  // http_message.hpp).
  std::vector<std::pair<std::string, std::string>> header_map(const char* key) const;
  // A header's value the fake sends (content_type): an optional_string that is_header_value.
  std::optional<std::string> header_value(const char* key) const;

  // A field of the served body: a string goes to `typed`; null or another type is served as given, from
  // `overrides`.
  void served(const char* key, std::string& typed, Json& overrides) const;
  void served(const char* key, std::optional<std::string>& typed, Json& overrides) const;
  void served(const char* key, OptionalText& typed, Json& overrides) const;
  void served(const char* key, std::string_view& typed, Json& overrides) const;
  void served(const char* key, std::optional<std::string_view>& typed, Json& overrides) const;
  std::optional<std::string_view> served_string(const char* key, Json& overrides) const;
  // `extra`: an object merged into the served body.
  void extra(Json& overrides) const;

 private:
  SpecValue body_;
  std::string where_;
};

// A list: a JSON array, or an empty object (an empty Lua table has no way to say which it is).
bool is_list(const SpecValue& value);
// The overrides as the world keeps them: nothing when there are none.
std::shared_ptr<const Json> keep(Json overrides);
// A whole number from `least` to the largest int, or `key` is named in a SpecError.
int whole_number(const Fields& fields, std::string_view key, double value, int least);

}  // namespace harness::fake::spec_detail
