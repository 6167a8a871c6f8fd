#pragma once
// What the capture readers (har_reader, journal_reader) share: parsing a capture's JSON text, and reading its
// members with errors that name the file and the JSON pointer ("capture.har: /log/entries/3/request/url: must
// be a string"). JSON null counts as absent for optional members: exporters write both.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "harness/capture/capture.hpp"

namespace harness::capture::capture_json {

using Json = nlohmann::json;
using Pointer = nlohmann::json::json_pointer;

// The whole text as JSON; CaptureError "FILE: not valid JSON: ..." (with nlohmann's line and column)
// otherwise.
Json parse(std::string_view text, const std::string& file_name);

// "FILE: POINTER: why" (the root pointer is written "/").
[[noreturn]] void fail(const std::string& file_name, const Pointer& at, const std::string& why);

// A member of an object, or nullptr when absent or null.
const Json* find(const Json& object, const char* name);

// Checks the node's type, naming its pointer when it is wrong.
const Json& object_at(const Json& node, const std::string& file_name, const Pointer& at);
const Json& array_at(const Json& node, const std::string& file_name, const Pointer& at);
const std::string& string_at(const Json& node, const std::string& file_name, const Pointer& at);
double number_at(const Json& node, const std::string& file_name, const Pointer& at);  // finite
std::int64_t integer_at(const Json& node, const std::string& file_name, const Pointer& at);

// The member as a string, or nullopt when absent or null; present with another type is an error.
std::optional<std::string> optional_string(const Json& object, const char* name, const std::string& file_name,
                                           const Pointer& at);

}  // namespace harness::capture::capture_json
