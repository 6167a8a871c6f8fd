#pragma once
// How values and schema keywords are written inside violation reasons.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace harness::contract::detail {

// The value as compact JSON, cut to about 80 characters ("...") so a large object cannot flood a report.
std::string json_text(const nlohmann::json& value);

// "a string", "a number", "a boolean", "an object", "an array", "null".
std::string kind_of(const nlohmann::json& value);

// An enum's values for a sentence: strings bare (SUCCESS, RUNNING), anything else as JSON.
std::string plain_list(const nlohmann::json& values);

// A "type" keyword for a sentence: "string", "string or null", "string, number or null".
std::string type_list(const nlohmann::json& type);

// Unicode code points in a UTF-8 string (what minLength and maxLength count).
std::size_t code_points(const std::string& text);

}  // namespace harness::contract::detail
