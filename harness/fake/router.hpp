#pragma once
// Request handling apart from the socket: a request and the world in, a response out.
#include <string>
#include <string_view>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// Which documented endpoint a request is for, as keyed in fixtures/<service>/statuses.json.
struct EndpointMatch {
  std::string service;  // "sdrs", "vbs", "kps", or "" for no known endpoint
  std::string key;      // "GET /v1/{project_id}/jobs/{job_id}"; "" when the path or method is unknown
};
EndpointMatch match_endpoint(World& world, const Request& request);

// Everything the fake does for one request: faults first, then the API, and a journal entry. The caller holds
// the world's lock.
Response serve(World& world, Request request);  // by value: its parts move into the journal

// The API alone, without faults or journal.
Response route(World& world, const Request& request);

// The error body SDRS and VBS document: {"error": {"message": ..., "code": ...}}.
Response nested_error(int status, std::string_view code, std::string_view message);

std::vector<std::string_view> split_path(std::string_view path);

}  // namespace harness::fake
