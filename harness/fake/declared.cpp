#include "harness/fake/declared.hpp"

#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/path_template.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/utf8.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {
namespace {

void fill(nlohmann::json& value, const PlaceholderValues& values) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.find('{') != std::string::npos) value = fill_placeholders(text, values);
  } else if (value.is_structured()) {
    for (auto& item : value) fill(item, values);
  }
}

// A request's bytes in a header value, with CR, LF and the other control bytes percent-encoded: a client
// cannot split the answer (?x=a%0d%0aSet-Cookie:... answers "a%0D%0ASet-Cookie:...").
std::string header_safe(std::string value) {
  if (is_header_value(value)) return value;
  std::string out;
  for (const char c : value) {
    if (is_header_byte(static_cast<unsigned char>(c)))
      out += c;
    else
      append_percent_encoded(out, static_cast<unsigned char>(c));
  }
  return out;
}

// The polls of each value of the path's parameters are counted apart: "p1\0j1" and "p1\0j2" advance alone.
std::string values_key(const PathParams& params) {
  std::string key;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) key += '\0';
    key += params[i].second;
  }
  return key;
}

}  // namespace

std::string fill_placeholders(const std::string& text, const PlaceholderValues& values) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) break;
    out.append(text, at, open - at);
    const std::string_view name(text.data() + open + 1, close - open - 1);
    if (const auto* value = values.params.get(name)) {
      out += decoded_path_value(*value);
    } else if (name.starts_with("query.")) {
      const Query query(values.request.query());
      if (const auto* value = query.get(name.substr(6))) out += *value;
    } else if (name == "now") {
      out += format_time(values.now_ms);
    } else if (name == "id" && !values.id.empty()) {
      out += values.id;
    } else {
      out.append(text, open, close - open + 1);
    }
    at = close + 1;
  }
  out.append(text, at, std::string::npos);
  return out;
}

Response declared_response(const DeclaredAnswer& answer, const PlaceholderValues* values) {
  Response response{.status = answer.status};
  if (answer.text) {
    response.body = values ? fill_placeholders(*answer.text, *values) : *answer.text;
  } else if (answer.body && values) {
    nlohmann::json body = *answer.body;
    fill(body, *values);
    response.body = json_text(body);
  } else if (answer.body) {
    response.body = json_text(*answer.body);
  }
  if (answer.text || answer.body) response.headers.emplace_back("Content-Type", answer.content_type);
  response.scenario_headers = answer.headers;
  if (values)
    for (auto& [name, value] : response.scenario_headers)
      if (value.find('{') != std::string::npos) value = header_safe(fill_placeholders(value, *values));
  return response;
}

Response serve_declared(World& world, DeclaredEndpoint& endpoint, const Request& request,
                        const PathParams& params) {
  const auto& answers = endpoint.spec->answers;
  const auto key = values_key(params);
  auto it = endpoint.polls.find(key);
  if (it == endpoint.polls.end()) it = endpoint.polls.emplace(key, 0).first;
  const auto index = std::min<std::size_t>(static_cast<std::size_t>(it->second), answers.size() - 1);
  ++it->second;
  const DeclaredAnswer& answer = answers[index];
  const PlaceholderValues values{request, params, world.now_ms(), answer.makes_id ? world.next_id() : ""};
  return declared_response(answer, &values);
}

}  // namespace harness::fake
