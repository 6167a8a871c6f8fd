#pragma once
// Reading a fixture file as JSON, with errors that name the file, the line and column, and the JSON pointer.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace harness::contract::detail {

// How a fixture path is shown in messages: as given, with forward slashes.
std::string display_path(const std::filesystem::path& file);

// Parses the whole file. Throws FixtureError when the file cannot be read, is not valid JSON (the message
// gives line and column, the pointer says where inside the document the parser was), or repeats a key in one
// object.
nlohmann::json read_json_file(const std::filesystem::path& file);

}  // namespace harness::contract::detail
