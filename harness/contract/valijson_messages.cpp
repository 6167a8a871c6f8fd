// What valijson 1.0's error descriptions mean (texts from valijson/validation_visitor.hpp).
#include "harness/contract/valijson_messages.hpp"

#include <array>
#include <utility>

namespace harness::contract::detail {
namespace {

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Texts that only say "something below failed"; the failure itself is reported at the same or a deeper
// location.
constexpr std::array<const char*, 6> kSummaries = {
    "Failed to validate against schema associated with property name",
    "Failed to validate against schema associated with pattern",
    "Failed to validate against additional properties schema",
    "Failed to validate item #",
    "Failed to validate against child schema #",
    "Failed to validate against dependent schema",
};

// Longer prefixes first where one extends another.
constexpr std::array<std::pair<const char*, const char*>, 16> kKeywords = {{
    {"Value type not permitted by 'type' constraint", "type"},
    {"Failed to match against any enum values", "enum"},
    {"Failed to match expected value set by 'const' constraint", "const"},
    {"Missing required property", "required"},
    {"Failed to match regex specified by 'pattern' constraint", "pattern"},
    {"String should be no more than", "maxLength"},
    {"String should be no fewer than", "minLength"},
    {"Expected number less than or equal to", "maximum"},
    {"Expected number less than", "exclusiveMaximum"},
    {"Expected number greater than or equal to", "minimum"},
    {"Expected number greater than", "exclusiveMinimum"},
    {"Array should contain no more than", "maxItems"},
    {"Array should contain no fewer than", "minItems"},
    {"Object should have no more than", "maxProperties"},
    {"Object should have no fewer than", "minProperties"},
    {"Object contains a property that could not be validated", "additionalProperties"},
}};

}  // namespace

MessageKind classify_message(const std::string& description) {
  for (const char* prefix : kSummaries) {
    if (starts_with(description, prefix)) return {true, {}};
  }
  for (const auto& [prefix, keyword] : kKeywords) {
    if (starts_with(description, prefix)) return {false, keyword};
  }
  return {};
}

std::string tidy_message(std::string description) {
  while (!description.empty() && (description.back() == '.' || description.back() == ' '))
    description.pop_back();
  return description;
}

}  // namespace harness::contract::detail
