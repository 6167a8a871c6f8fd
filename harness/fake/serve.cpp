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

// A fault that answers in place of the API: a status, a reset, a close.
bool answers_in_place(const FaultSpec& spec) {
  return spec.action == FaultAction::status || spec.action == FaultAction::reset ||
         spec.action == FaultAction::close;
}

Response answer_in_place(World& world, const Request& request, const FaultSpec& spec) {
  Response response;
  if (spec.action == FaultAction::status) response = fault_status(world, request, spec);
  if (spec.action == FaultAction::reset)
    response.delivery.mode = Delivery::Mode::reset;  // never reached the API
  if (spec.action == FaultAction::close) response.delivery.mode = Delivery::Mode::close;
  response.delivery.delay = spec.delay;
  return response;
}

// A fault that bends the API's answer: hang, truncate, malformed, drip, delay.
Response bend(Response response, const FaultSpec& spec) {
  using Mode = Delivery::Mode;
  switch (spec.action) {
    case FaultAction::hang:
      response.delivery.mode = Mode::hang;
      break;
    case FaultAction::truncate:
      response.delivery.mode = Mode::truncate;
      response.delivery.truncate_at =
          std::min(spec.truncate_at, response.body.empty() ? 0 : response.body.size() - 1);
      break;
    case FaultAction::malformed:
      // A 204 (the DELETEs) cannot carry a body, so the malformed answer is the documented 200 with a bad
      // body.
      if (!may_have_body(response.status)) response = json_response(200, "");
      response.body = malformed(response.body);
      break;
    case FaultAction::drip:
      response.delivery.mode = Mode::drip;
      response.delivery.drip_bytes = std::max<std::size_t>(spec.drip_bytes, 1);
      response.delivery.drip_interval = spec.drip_interval;
      break;
    default:
      break;
  }
  response.delivery.delay = spec.delay;
  // A body that did not arrive whole served no job state (coverage counts what a client could read).
  if (spec.action == FaultAction::hang || spec.action == FaultAction::truncate ||
      spec.action == FaultAction::malformed)
    response.served_states.clear();
  return response;
}

// The headers every answer gets, and the journal entry.
Response finish(World& world, Request request, Response response, int fault_number, const FaultSpec* fault) {
  const bool answered =
      response.delivery.mode != Delivery::Mode::reset && response.delivery.mode != Delivery::Mode::close;
  if (answered) {
    // As the services do, every answer carries an id of its own; then what the scenario set, from the
    // widest to the narrowest: the world's, the answer's (a job's), the fault's.
    set_header(response.headers, "X-Request-Id", world.next_request_id());
    set_headers(response.headers, world.options().headers);
    set_headers(response.headers, response.scenario_headers);
    if (fault) set_headers(response.headers, fault->headers);
  }
  world.journal().record(
      EntryParts{.time_ms = world.now_ms(),
                 .method = request.method,
                 .target = request.target,
                 .headers = &request.headers,
                 .packed_headers = {},
                 .body = request.body,
                 .status = answered ? response.status : 0,
                 .fault = fault_number,
                 .served_states = answered ? std::string_view(response.served_states) : std::string_view()});
  return response;
}

}  // namespace

Response serve(World& world, Request request) {
  const int fault = world.pick_fault(request);
  const FaultSpec* spec = fault < 0 ? nullptr : &world.faults()[fault].spec;
  if (spec && answers_in_place(*spec)) {
    auto response = answer_in_place(world, request, *spec);
    return finish(world, std::move(request), std::move(response), fault + 1, spec);
  }
  Response response = route(world, request);
  if (response.handler_call) {  // answered later, by finish_handler_call
    auto& call = *response.handler_call;
    call.request = std::move(request);
    call.fault_number = fault + 1;
    if (spec) call.fault = *spec;
    return response;
  }
  if (spec) response = bend(std::move(response), *spec);
  return finish(world, std::move(request), std::move(response), fault + 1, spec);
}

Response finish_handler_call(World& world, HandlerCall& call, Response answer) {
  if (call.fault) answer = bend(std::move(answer), *call.fault);
  return finish(world, std::move(call.request), std::move(answer), call.fault_number,
                call.fault ? &*call.fault : nullptr);
}

}  // namespace harness::fake
