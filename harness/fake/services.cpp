#include "harness/fake/services.hpp"

#include <nlohmann/json.hpp>

#include "harness/fake/json_text.hpp"
#include "harness/fake/utf8.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

const ServiceProfile& service_profile(std::string_view name) {
  // Built once: the job status and every error body read a profile, so none is built per request.
  static const ServiceProfile sdrs{.name = "sdrs", .sub_jobs_in_entities = true};
  static const ServiceProfile kps{
      .name = "kps",
      .errors = ErrorShape::flat,
      .require_auth = true,
      .auth_error = {"KPS.9001", "The token is not authenticated: send X-Auth-Token or an AK/SK signature."}};
  static const ServiceProfile vbs{.name = "vbs"};
  static const ServiceProfile other{.name = "declared"};
  if (name == "sdrs") return sdrs;
  if (name == "kps") return kps;
  return name == "vbs" ? vbs : other;
}

ServiceProfile effective_profile(const World& world, std::string_view service) {
  auto profile = service_profile(service);
  profile.name = std::string(service);
  const auto& services = world.options().services;
  const auto it = services.find(profile.name);
  if (it == services.end()) return profile;
  const auto& options = it->second;
  if (options.require_auth) profile.require_auth = *options.require_auth;
  if (options.min_limit) profile.min_limit = *options.min_limit;
  if (options.max_limit) profile.max_limit = *options.max_limit;
  return profile;
}

bool requires_auth(const World& world, std::string_view service) {
  const auto& services = world.options().services;
  if (!services.empty())
    if (const auto it = services.find(std::string(service)); it != services.end() && it->second.require_auth)
      return *it->second.require_auth;
  return service_profile(service).require_auth;
}

bool authenticated(const Request& request) {
  if (const auto* token = request.header("X-Auth-Token"); token && !token->empty()) return true;
  const auto* authorization = request.header("Authorization");
  return authorization && authorization->rfind("SDK-HMAC-SHA256", 0) == 0;
}

Response service_error(std::string_view service, int status, std::string_view code,
                       std::string_view message) {
  nlohmann::ordered_json body;
  const auto shown = percent_encode_invalid_utf8(message);  // it may echo the path
  if (service_profile(service).errors == ErrorShape::flat) {
    body["error_code"] = code;
    body["error_msg"] = shown;
  } else {
    body["error"]["message"] = shown;
    body["error"]["code"] = code;
  }
  return json_response(status, json_text(body));
}

ErrorText documented_error(const World& world, std::string_view service, std::string_view key, int status,
                           ErrorText fallback) {
  const auto& services = world.options().services;
  if (const auto it = services.find(std::string(service)); it != services.end())
    if (const auto found = it->second.errors.find(status); found != it->second.errors.end())
      return found->second;
  if (const auto* known = world.error_default(std::string(service) + ":" + std::string(key), status))
    return {known->code, known->message};
  return fallback;
}

Response documented_error_response(const World& world, std::string_view service, std::string_view key,
                                   int status, ErrorText fallback) {
  const auto text = documented_error(world, service, key, status, std::move(fallback));
  return service_error(service, status, text.code, text.message);
}

}  // namespace harness::fake
