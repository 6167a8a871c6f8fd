// Endpoints the fake does not know, declared with the answers the capture saw, in order (fake.endpoint).
#include "harness/capture/scenario_model.hpp"

namespace harness::capture::writing {
namespace world_declared_detail {

std::string lower_case(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A captured body as an answer's `body`: a table when the fake's JSON text of it is the captured bytes
// (what a person would write, and byte for byte what the client saw), else the bytes as a string.
Json answer_body(const Step& step) {
  const auto& bytes = *step.response_body;
  const auto parsed = nlohmann::json::parse(bytes, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_structured() && parsed.dump() == bytes) return Json::parse(bytes);
  return Json(bytes);
}

Json captured_answer(const Step& step) {
  Json answer = Json::object();
  if (step.status != 200) answer["status"] = step.status;
  if (!step.response_headers.empty()) {
    Json headers = Json::object();
    for (const auto& [name, value] : step.response_headers) headers[name] = value;
    answer["headers"] = headers;
  }
  if (step.response_body && !step.response_body->empty()) {
    answer["body"] = answer_body(step);
    if (!step.content_type.empty() && lower_case(step.content_type) != "application/json")
      answer["content_type"] = step.content_type;
  }
  return answer;
}

}  // namespace world_declared_detail

using namespace world_declared_detail;

void add_declared(const Steps& steps, WorldSpec& world) {
  for (const auto& group : steps.group_order) {
    const Step* first = nullptr;
    Json answers = Json::array();
    for (const auto& step : steps.steps) {
      if (step.group != group || step.kind != StepKind::declared) continue;
      if (!first) first = &step;
      if (step.status != 0) answers.push_back(captured_answer(step));  // a transport failure is a fault
    }
    if (!first) continue;
    if (answers.empty()) answers.push_back(Json::object());  // only failures seen: the faults answer them all
    Json spec = Json::object();
    if (first->method != "GET") spec["method"] = first->method;
    spec["path"] = first->declared_path;
    spec["service"] = first->service;
    spec["answers"] = answers;
    world.items.push_back(
        {"fake.endpoint", spec, {"not an endpoint the fake knows: the answers it gave, in order"}, ""});
  }
}

}  // namespace harness::capture::writing
