#pragma once
// Request handling apart from the socket: a request and the world in, a response out.
#include <string>
#include <string_view>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// The caller holds the world's lock.
Response route(World& world, const Request& request);

// The error body SDRS and VBS document: {"error": {"message": ..., "code": ...}}.
Response nested_error(int status, std::string_view code, std::string_view message);

std::vector<std::string_view> split_path(std::string_view path);

}  // namespace harness::fake
