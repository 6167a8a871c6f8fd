#include "harness/fake/router.hpp"


#include "harness/fake/declared.hpp"
#include "harness/fake/endpoints.hpp"
#include "harness/fake/job_status.hpp"
#include "harness/fake/services.hpp"

namespace harness::fake {
namespace {

// GET /v1/{project_id}/jobs/{job_id} is SDRS's and VBS's: the job's own service is the one answering.
std::string_view service_of(World& world, const RouteMatch& match) {
  if (match.builtin && match.builtin->handler == serve_job_status)
    if (const Job* job = world.find_job(*match.params.get("project_id"), *match.params.get("job_id")))
      return job->spec->service();
  return match.service;
}

// The endpoint whose status table a 401 or 405 on this path takes its wording from.
std::string_view key_of_path(World& world, const RouteMatch& match) {
  if (!match.key.empty() || !match.path) return match.key;
  for (const auto& declared : world.declared_endpoints())
    if (&declared.spec->path == match.path) return declared.key;
  for (const auto& endpoint : builtin_endpoints())
    if (&endpoint.path == match.path) return endpoint.key;
  return {};
}

// A Lua function answers: the request goes to the scenario's thread (serve() moves the request in).
Response handler_call(const DeclaredEndpoint& endpoint, const RouteMatch& match) {
  auto call = std::make_shared<HandlerCall>();
  call->handler = endpoint.spec->handler;
  call->service = endpoint.spec->service;
  call->key = endpoint.key;
  for (std::size_t i = 0; i < match.params.size(); ++i)
    call->params.emplace_back(match.params[i].first, decoded_path_value(match.params[i].second));
  Response response;
  response.handler_call = std::move(call);
  return response;
}

}  // namespace

EndpointMatch match_endpoint(World& world, const Request& request) {
  const auto match = find_route(world, request.method, split_path(request.path()));
  if (!match.path) return {"", ""};
  return {std::string(service_of(world, match)), std::string(match.key)};
}

Response route(World& world, const Request& request) {
  const auto segments = split_path(request.path());
  auto match = find_route(world, request.method, segments);
  if (!match.path)
    return service_error(match.service, 404, "HARNESS.0404",
                         "No API at " + std::string(request.path()) + ".");
  // The job endpoint's service is the job's: looked up only when a world changed a service's credentials,
  // as the built-in SDRS and VBS ask for none (the hot path stays one lookup of the job).
  const bool job_endpoint = match.builtin && match.builtin->handler == serve_job_status;
  const std::string_view service =
      job_endpoint && world.options().services.empty() ? match.service : service_of(world, match);
  if (requires_auth(world, service) && !authenticated(request))
    return documented_error_response(world, service, key_of_path(world, match), 401,
                                     service_profile(service).auth_error);
  if (match.declared && match.declared->spec->handler) return handler_call(*match.declared, match);
  if (match.declared) return serve_declared(world, *match.declared, request, match.params);
  if (match.builtin) return match.builtin->handler(world, request, match.params);
  auto response = documented_error_response(
      world, service, key_of_path(world, match), 405,
      {"HARNESS.0405", "Method " + request.method + " is not allowed on this path."});
  response.headers.emplace_back("Allow", match.allow);
  return response;
}

}  // namespace harness::fake
