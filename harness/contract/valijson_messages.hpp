#pragma once
// What valijson 1.0's error descriptions mean: which keyword failed, or whether the text only summarises
// failures reported elsewhere (a property, an item, an allOf part).
#include <string>

namespace harness::contract::detail {

struct MessageKind {
  bool summary =
      false;            // "Failed to validate against schema associated with property name 'x'." and the like
  std::string keyword;  // "type", "enum", "required", ...; empty when the text is not recognised
};

MessageKind classify_message(const std::string& description);

// The description as a reason of our own style: no trailing period.
std::string tidy_message(std::string description);

}  // namespace harness::contract::detail
