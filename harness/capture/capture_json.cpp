#include "harness/capture/capture_json.hpp"

#include <cmath>

namespace harness::capture::capture_json {

Json parse(std::string_view text, const std::string& file_name) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& error) {  // parse_error; out_of_range: a number beyond a double
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 2, column 5: ...": the
    // bracketed id means nothing to a reader.
    std::string why = error.what();
    if (const auto close = why.find("] "); why.starts_with("[json.exception") && close != std::string::npos)
      why = why.substr(close + 2);
    throw CaptureError(file_name + ": not valid JSON: " + why);
  }
}

void fail(const std::string& file_name, const Pointer& at, const std::string& why) {
  const std::string pointer = at.to_string();
  throw CaptureError(file_name + ": " + (pointer.empty() ? "/" : pointer) + ": " + why);
}

const Json* find(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto member = object.find(name);
  if (member == object.end() || member->is_null()) return nullptr;
  return &*member;
}

const Json& object_at(const Json& node, const std::string& file_name, const Pointer& at) {
  if (!node.is_object()) fail(file_name, at, "must be an object");
  return node;
}

const Json& array_at(const Json& node, const std::string& file_name, const Pointer& at) {
  if (!node.is_array()) fail(file_name, at, "must be an array");
  return node;
}

const std::string& string_at(const Json& node, const std::string& file_name, const Pointer& at) {
  if (!node.is_string()) fail(file_name, at, "must be a string");
  return node.get_ref<const std::string&>();
}

double number_at(const Json& node, const std::string& file_name, const Pointer& at) {
  if (!node.is_number()) fail(file_name, at, "must be a number");
  const double value = node.get<double>();
  if (!std::isfinite(value)) fail(file_name, at, "must be a finite number");
  return value;
}

std::int64_t integer_at(const Json& node, const std::string& file_name, const Pointer& at) {
  if (node.is_number_integer())
    return node.get<std::int64_t>();  // a large unsigned wraps: checked by callers
  if (node.is_number_float()) {
    const double value = node.get<double>();
    // 200.0 is an integer; 1e300 is not one that fits.
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15)
      return static_cast<std::int64_t>(value);
  }
  fail(file_name, at, "must be an integer");
}

std::optional<std::string> optional_string(const Json& object, const char* name, const std::string& file_name,
                                           const Pointer& at) {
  const Json* member = find(object, name);
  if (!member) return std::nullopt;
  return string_at(*member, file_name, at / name);
}

}  // namespace harness::capture::capture_json
