#pragma once
// Endpoints a scenario declares (fake.endpoint{...}, POST /__admin/endpoints): a path template and a sequence
// of answers that advances per request for each value of the path's parameters, like a job's timeline, and
// stays on the last.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"

namespace harness::fake {

class World;

struct DeclaredAnswer {
  int status = 200;
  HeaderList headers;
  // A JSON body whose strings' "{name}"s are filled from the request (path parameters, query.NAME, now);
  // null for an answer without a body, or when `text` is given.
  std::shared_ptr<const nlohmann::json> body;
  std::optional<std::string> text;  // a body served byte for byte
  std::string content_type = "application/json";
  bool makes_id = false;  // holds "{id}": a fresh id is drawn for each answer
};

struct DeclaredSpec {
  std::string method;  // upper case
  PathTemplate path;
  std::string service = "declared";     // names it in coverage and picks its error shape
  std::vector<DeclaredAnswer> answers;  // empty when a handler answers
  // Not 0: a Lua function of the scenario answers, known by this id (harness/fake/handler_desk.hpp).
  std::uint64_t handler = 0;
};

struct DeclaredEndpoint {
  std::shared_ptr<const DeclaredSpec> spec;       // shared by copies of the world
  std::string key;                                // "GET /v1/{project_id}/cloudservers/{server_id}"
  std::map<std::string, int, std::less<>> polls;  // requests served so far, per path-parameter values
};

Response serve_declared(World& world, DeclaredEndpoint& endpoint, const Request& request,
                        const PathParams& params);

// What a declared answer's "{...}"s are filled from.
struct PlaceholderValues {
  const Request& request;
  const PathParams& params;
  std::int64_t now_ms;
  std::string id;  // "{id}": drawn once per answer, when the answer holds one
};

// An answer as a Response: Content-Type when it has a body, its headers as the scenario's. With `values`, the
// "{...}"s of its body and headers are filled (a declared list's answer); without, it is sent as given (what
// a handler returned).
Response declared_response(const DeclaredAnswer& answer, const PlaceholderValues* values = nullptr);

// "{server_id}" -> the path's value, "{query.limit}" -> the query's (empty when absent), "{now}" -> the
// world's time, "{id}" -> a fresh id; any other {...} stays as it is.
std::string fill_placeholders(const std::string& text, const PlaceholderValues& values);

}  // namespace harness::fake
