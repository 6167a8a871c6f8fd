// serve(): faults first, then the API, and the journal entry.
#include <nlohmann/json.hpp>

#include "harness/fake/endpoints.hpp"
#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/services.hpp"

namespace harness::fake {
namespace {

// A status fault answers with the endpoint's documented error body: the code and message of the fixtures'
// status table unless the scenario gave its own, in the service's shape.
Response fault_status(World& world, const Request& request, const FaultSpec& spec) {
  if (spec.body)
    return Response{
        .status = spec.status, .headers = {{"Content-Type", spec.content_type}}, .body = *spec.body};
  const auto endpoint = match_endpoint(world, request);
  const std::string service =
      endpoint.service.empty()
          ? std::string(find_route(world, request.method, split_path(request.path())).service)
          : endpoint.service;
  auto text =
      documented_error(world, service, endpoint.key, spec.status,
                       {"HARNESS.0" + std::to_string(spec.status),
                        "The fake answered " + std::to_string(spec.status) + " as the scenario asked."});
  if (spec.code) text.code = *spec.code;
  if (spec.message) text.message = *spec.message;
  if (service == "sdrs" && world.options().sdrs_error_wrappers &&
      endpoint.key == "GET /v1/{project_id}/task-center/failure-jobs" &&
      (spec.status == 400 || spec.status == 404)) {
    nlohmann::ordered_json body;
    const char* wrapper = spec.status == 404 ? "itemNotFound" : "badrequest";
    body[wrapper]["message"] = text.message;
    body[wrapper]["code"] = text.code;
    return json_response(spec.status, json_text(body));
  }
  return service_error(service, spec.status, text.code, text.message);
}

// HTTP forbids a body in 1xx, 204 and 304 answers.
bool may_have_body(int status) {
  return status >= 200 && status != 204 && status != 304;
}

// Cut in the middle: whatever the body was, what is left is not valid JSON.
std::string malformed(const std::string& body) {
  return body.size() < 2 ? "{" : body.substr(0, body.size() / 2);
}

Response apply(World& world, const Request& request, const FaultSpec& spec) {
  Response response;
  using Mode = Delivery::Mode;
  switch (spec.action) {
    case FaultAction::status:
      response = fault_status(world, request, spec);
      break;
    case FaultAction::reset:
      response.delivery.mode = Mode::reset;
      break;  // never reached the API
    case FaultAction::close:
      response.delivery.mode = Mode::close;
      break;
    case FaultAction::hang:
      response = route(world, request);
      response.delivery.mode = Mode::hang;
      break;
    case FaultAction::truncate:
      response = route(world, request);
      response.delivery.mode = Mode::truncate;
      response.delivery.truncate_at =
          std::min(spec.truncate_at, response.body.empty() ? 0 : response.body.size() - 1);
      break;
    case FaultAction::malformed:
      response = route(world, request);
      // A 204 (the DELETEs) cannot carry a body, so the malformed answer is the documented 200 with a bad
      // body.
      if (!may_have_body(response.status)) response = json_response(200, "");
      response.body = malformed(response.body);
      break;
    case FaultAction::drip:
      response = route(world, request);
      response.delivery.mode = Mode::drip;
      response.delivery.drip_bytes = std::max<std::size_t>(spec.drip_bytes, 1);
      response.delivery.drip_interval = spec.drip_interval;
      break;
    case FaultAction::delay:
      response = route(world, request);
      break;
  }
  response.delivery.delay = spec.delay;
  // A body that did not arrive whole served no job state (coverage counts what a client could read).
  if (spec.action == FaultAction::hang || spec.action == FaultAction::truncate ||
      spec.action == FaultAction::malformed)
    response.served_states.clear();
  return response;
}

}  // namespace

Response serve(World& world, Request request) {
  const int fault = world.pick_fault(request);
  Response response = fault < 0 ? route(world, request) : apply(world, request, world.faults()[fault].spec);
  const bool answered =
      response.delivery.mode != Delivery::Mode::reset && response.delivery.mode != Delivery::Mode::close;
  if (answered) {
    // As the services do, every answer carries an id of its own; then what the scenario set, from the
    // widest to the narrowest: the world's, the answer's (a job's), the fault's.
    set_header(response.headers, "X-Request-Id", world.next_request_id());
    set_headers(response.headers, world.options().headers);
    set_headers(response.headers, response.scenario_headers);
    if (fault >= 0) set_headers(response.headers, world.faults()[fault].spec.headers);
  }
  world.journal().record({world.now_ms(), std::move(request.method), std::move(request.target),
                          std::move(request.headers), std::move(request.body), answered ? response.status : 0,
                          fault + 1, answered ? response.served_states : std::string()});
  return response;
}

}  // namespace harness::fake
