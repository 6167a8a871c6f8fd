// fake.endpoint{...} and POST /__admin/endpoints: a declared endpoint; fake.options{services = {...}}: what a
// world changes of a service's behaviour; and fake.clock.advance's step.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "harness/fake/spec_fields.hpp"

namespace harness::fake {
namespace {

using spec_detail::Fields;
using spec_detail::Json;

}  // namespace

DeclaredAnswer answer_spec(const SpecValue& value, const std::string& where) {
  Fields fields(value, where, {"status", "headers", "body", "content_type"});
  DeclaredAnswer answer;
  if (fields.given("status")) {
    answer.status = fields.whole("status", 100);
    if (answer.status > 599) fields.fail("status", "must be an HTTP status from 100 to 599");
  }
  answer.headers = fields.header_map("headers");
  if (const auto body = fields.given("body")) {
    if (body->is_string())
      answer.text = std::string(body->string());
    else
      answer.body = std::make_shared<const Json>(body->json());
  }
  if (auto type = fields.header_value("content_type")) answer.content_type = std::move(*type);
  for (const auto& [name, value] : answer.headers) answer.makes_id |= value.find("{id}") != std::string::npos;
  answer.makes_id |= (answer.text && answer.text->find("{id}") != std::string::npos) ||
                     (answer.body && answer.body->dump().find("{id}") != std::string::npos);
  return answer;
}

namespace {

long long limit_bound(const Fields& fields, const char* key) {
  return fields.whole(key, 0);
}

ServiceOptions read_service(const SpecValue& value, const std::string& where) {
  Fields fields(value, where, {"require_auth", "min_limit", "max_limit", "errors"});
  ServiceOptions options;
  if (fields.find("require_auth")) options.require_auth = fields.flag("require_auth");
  if (fields.find("min_limit")) options.min_limit = limit_bound(fields, "min_limit");
  if (fields.find("max_limit")) options.max_limit = limit_bound(fields, "max_limit");
  if (options.min_limit && options.max_limit && *options.min_limit > *options.max_limit)
    fields.fail("min_limit", "is above max_limit");
  if (const auto errors = fields.find("errors")) {
    if (!errors->is_object()) fields.fail("errors", "must map statuses to {code = ..., message = ...}");
    for (std::size_t i = 0; i < errors->size(); ++i) {
      const SpecValue text = (*errors)[i];
      const std::string status_text(text.key());
      const std::string at = where + "errors." + status_text + ".";
      int status = 0;
      try {
        status = std::stoi(status_text);
      } catch (const std::exception&) {
      }
      if (status < 400 || status > 599 || std::to_string(status) != status_text)
        throw SpecError(where + "errors." + status_text +
                        ": must be keyed by an error status from 400 to 599");
      Fields entry(text, at, {"code", "message"});
      options.errors[status] = {entry.string("code"), entry.string("message")};
    }
  }
  return options;
}

}  // namespace

DeclaredSpec endpoint_spec(const SpecValue& spec, std::uint64_t handler) {
  if (spec.is_object() && spec.find("handler"))
    throw SpecError(
        "handler: must be a Lua function, which only fake.endpoint in a scenario or world file can "
        "give; the admin API takes answers");
  Fields fields(spec, "", {"method", "path", "service", "answers"});
  DeclaredSpec declared;
  declared.method = fields.string("method");
  if (declared.method.empty()) declared.method = "GET";
  std::transform(declared.method.begin(), declared.method.end(), declared.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!is_token(declared.method)) fields.fail("method", "\"" + declared.method + "\" is not an HTTP method");
  const auto path = fields.string("path");
  if (path.empty())
    fields.fail("path", "must be given, as a template: \"/v1/{project_id}/servers/{server_id}\"");
  try {
    declared.path = PathTemplate::parse(path);
  } catch (const std::invalid_argument& e) {
    throw SpecError(e.what());
  }
  if (path.starts_with("/__admin")) fields.fail("path", "/__admin/ is the admin API's");
  if (auto service = fields.optional_string("service")) declared.service = std::move(*service);
  const auto answers = fields.find("answers");
  declared.handler = handler;
  if (handler) {
    if (answers) fields.fail("answers", "and handler exclude each other: the handler gives every answer");
    return declared;
  }
  if (!answers || !answers->is_list() || answers->empty())
    fields.fail("answers", "must be a list of at least one answer {status = ..., body = ...}");
  for (std::size_t i = 0; i < answers->size(); ++i)
    declared.answers.push_back(answer_spec((*answers)[i], "answers[" + std::to_string(i + 1) + "]."));
  return declared;
}

std::int64_t clock_advance_ms(const SpecValue& seconds) {
  if (!seconds.is_number() || !(seconds.number() >= 0) || seconds.number() > 1e9)
    throw SpecError("seconds: must be a number of seconds from 0 to 1e9");
  return std::llround(seconds.number() * 1000);
}

std::map<std::string, ServiceOptions> services_spec(const SpecValue& spec, const std::string& where) {
  std::map<std::string, ServiceOptions> services;
  if (!spec.is_object()) throw SpecError(where + ": must map service names to their options");
  for (std::size_t i = 0; i < spec.size(); ++i) {
    const std::string name(spec[i].key());
    services[name] = read_service(spec[i], where + "." + name + ".");
  }
  return services;
}

}  // namespace harness::fake
