#pragma once
// What differs between services, as data: the shape of their error bodies, where a job's sub-jobs go, whether
// they ask for credentials, their paging bounds; and what a world changes of that (fake.options{services}).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

class World;

struct ErrorText {
  std::string code, message;
};

enum class ErrorShape {
  nested,  // {"error": {"message": ..., "code": ...}} (SDRS, VBS, and a declared service by default)
  flat,    // {"error_code": ..., "error_msg": ...} (KPS)
};

struct ServiceProfile {
  std::string name;
  ErrorShape errors = ErrorShape::nested;
  bool sub_jobs_in_entities = false;  // SDRS nests a job's sub_jobs in entities, VBS puts them at the top
  bool require_auth = false;          // X-Auth-Token or an AK/SK signature, else 401
  long long min_limit = 0, max_limit = 1000;
  ErrorText auth_error = {"HARNESS.0401",
                          "The token is not authenticated: send X-Auth-Token or an AK/SK signature."};
};

// The built-in profiles (sdrs, kps, vbs); any other name gets the defaults above (named "declared").
const ServiceProfile& service_profile(std::string_view name);

// A world's changes to a service (fake.options{services = {kps = {...}}}); what is not given stays.
struct ServiceOptions {
  std::optional<bool> require_auth;
  std::optional<long long> min_limit, max_limit;
  std::map<int, ErrorText> errors;  // by status: the code and message the fake answers with
};

// The profile with the world's options applied, under the service's own name.
ServiceProfile effective_profile(const World& world, std::string_view service);

// Whether the service asks for credentials in this world (cheap: no profile is built).
bool requires_auth(const World& world, std::string_view service);

// A token or an AK/SK signature (accepted without being verified, as the fake has no keys).
bool authenticated(const Request& request);

// An error body in the service's shape.
Response service_error(std::string_view service, int status, std::string_view code, std::string_view message);

// The code and message the fake answers `status` with on an endpoint: the world's own (fake.options), else
// the fixtures' status table (statuses.json), else `fallback`.
ErrorText documented_error(const World& world, std::string_view service, std::string_view key, int status,
                           ErrorText fallback);
Response documented_error_response(const World& world, std::string_view service, std::string_view key,
                                   int status, ErrorText fallback);

}  // namespace harness::fake
