#pragma once
// Structural checks of a JSON Schema document before valijson sees it, so a broken fixture is reported with
// the pointer of the offending keyword instead of valijson's context-free message (or an abort).
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace harness::contract::detail {

// Throws FixtureError(file, pointer, reason) for the first problem found, e.g.
// "/properties/status/enum: must be a non-empty array". Unknown keywords are allowed and not descended into.
void lint_schema(const nlohmann::json& schema, const std::string& file);

// "#/definitions/sub_job" -> the node it names inside root, or nullptr if it names nothing or is not local.
const nlohmann::json* resolve_local_ref(const nlohmann::json& root, const std::string& ref);

}  // namespace harness::contract::detail
