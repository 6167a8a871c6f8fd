#pragma once
// Request handling apart from the socket: a request and the world in, a response out.
#include <string>
#include <string_view>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

// Which endpoint a request is for, as keyed in fixtures/<service>/statuses.json.
struct EndpointMatch {
  std::string service;  // "sdrs", "vbs", "kps", a declared endpoint's; "" for no known endpoint
  std::string key;      // "GET /v1/{project_id}/jobs/{job_id}"; "" when the path or method is unknown
};
EndpointMatch match_endpoint(World& world, const Request& request);

// Everything the fake does for one request: faults first, then the API, and a journal entry. The caller holds
// the world's lock.
Response serve(World& world, Request request);  // by value: its parts move into the journal

// A Lua function's answer to a call serve() handed over (Response::handler_call): the fault that matched
// bends it, the headers are added and the journal entry written, as serve() does for the others. The caller
// holds the world's lock.
Response finish_handler_call(World& world, HandlerCall& call, Response answer);

// The API alone, without faults or journal: the endpoint table (harness/fake/endpoints.hpp) decides.
Response route(World& world, const Request& request);

}  // namespace harness::fake
