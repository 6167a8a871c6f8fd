#pragma once
// Our own, precise reasons for a value that fails the keywords of the schemas at its location.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace harness::contract::detail {

struct Finding {
  std::string keyword;  // the keyword that fails: "type", "enum", "required", "pattern", ...
  std::string reason;   // e.g. "\"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT"
};

// Evaluates only the keywords that concern the value itself (not its children) in each schema node. Keywords
// it does not know produce no finding; the caller falls back to the validator's text for those.
std::vector<Finding> local_failures(const nlohmann::json& value,
                                    const std::vector<const nlohmann::json*>& schemas);

}  // namespace harness::contract::detail
