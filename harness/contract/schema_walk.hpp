#pragma once
// Finding the schema nodes that govern one location of a validated value.
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/contract/json_pointer.hpp"

namespace harness::contract::detail {

// The schemas that apply to the value at `at` inside value_root, as nodes of schema_root (objects or
// booleans). Walks properties / patternProperties / additionalProperties / items / additionalItems along the
// path and follows local $ref and allOf everywhere. Branches that may apply (anyOf, oneOf, then, else) are
// followed on the way down but not at the location itself, so what the caller evaluates there certainly
// applies.
std::vector<const nlohmann::json*> schemas_at(const nlohmann::json& schema_root,
                                              const nlohmann::json& value_root, const Tokens& at);

}  // namespace harness::contract::detail
