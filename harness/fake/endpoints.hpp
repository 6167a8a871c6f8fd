#pragma once
// The fake's one endpoint table: every endpoint it answers, built in or declared by a scenario, as a method,
// a path template and a service. Routing, 404, 405 (with Allow) and the shape of error bodies all come from
// it.
#include <string>
#include <string_view>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"

namespace harness::fake {

class World;
struct DeclaredEndpoint;

using Handler = Response (*)(World&, const Request&, const PathParams&);

// One built-in endpoint: its key is the one of fixtures/<service>/statuses.json ("GET /v1/{project_id}/...").
struct Endpoint {
  std::string method;
  PathTemplate path;
  std::string service;
  std::string key;
  Handler handler = nullptr;
};

// The endpoints the C++ knows (SDRS, KPS, VBS), in no particular order: specificity decides.
const std::vector<Endpoint>& builtin_endpoints();

// What a request is for. `builtin` or `declared` is set when an endpoint fits the method and the path;
// otherwise `allow` lists the methods the path has (405), or is empty (404).
struct RouteMatch {
  const Endpoint* builtin = nullptr;
  DeclaredEndpoint* declared = nullptr;
  PathParams params;
  // Views of the table's strings, which outlive the request (the caller holds the world's lock).
  std::string_view
      service;           // of the endpoint, or of the template nearest the path (whose 404 body to answer)
  std::string_view key;  // "GET /v1/{project_id}/jobs/{job_id}"; empty when no endpoint fits
  std::string allow;     // "GET, DELETE"
  const PathTemplate* path = nullptr;  // the template that fits, if any (for the 405's service)
};

// Declared endpoints win over built-in ones on the same path; among either, the more specific template.
RouteMatch find_route(World& world, std::string_view method, const std::vector<std::string_view>& segments);

// The service of the built-in template nearest the path: whose shape an error has when no world is at hand.
std::string nearest_builtin_service(std::string_view path);

}  // namespace harness::fake
