#include "harness/fake/router.hpp"

#include <nlohmann/json.hpp>

#include "harness/fake/job_status.hpp"

namespace harness::fake {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end;
  }
  return segments;
}

Response nested_error(int status, std::string_view code, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"]["message"] = message;
  body["error"]["code"] = code;
  return json_response(status, body.dump());
}

namespace {

Response method_not_allowed(const Request& request, const char* allowed) {
  auto response = nested_error(405, "HARNESS.0405", "Method " + request.method + " is not allowed on this path.");
  response.headers.emplace_back("Allow", allowed);
  return response;
}

}  // namespace

Response route(World& world, const Request& request) {
  const auto segments = split_path(request.path());
  // /v1/{project_id}/jobs/{job_id}
  if (segments.size() == 4 && segments[0] == "v1" && segments[2] == "jobs") {
    if (request.method != "GET") return method_not_allowed(request, "GET");
    return serve_job_status(world, std::string(segments[1]), std::string(segments[3]));
  }
  return nested_error(404, "HARNESS.0404", "No API at " + std::string(request.path()) + ".");
}

}  // namespace harness::fake
