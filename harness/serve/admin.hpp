#pragma once
// The admin API of `harness serve` under /__admin/: JSON in, the world's values out, so a test in any
// language can set the world of a running fake and read its journal. Answered before faults, never journaled.
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"
#include "harness/serve/admin_access.hpp"

namespace harness::serve {

// A body the admin API cannot take; what() names the field: "timeline[2]: must be a state or {...}".
class AdminError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The same fields as fake.job, fake.failure_job, fake.kps_task and fake.fault (docs/lua-api.md), as JSON.
// `project_id` is used when the body gives none. Throw AdminError.
fake::JobSpec job_from_json(const nlohmann::json& body, const std::string& project_id);
fake::FailureJob failure_job_from_json(const nlohmann::json& body, const std::string& project_id);
fake::KpsTask kps_task_from_json(const nlohmann::json& body, const std::string& project_id);
fake::FaultSpec fault_from_json(const nlohmann::json& body);

// The journal as GET /__admin/requests returns it: {"requests": [...], "dropped": N}, optionally filtered by
// method and path pattern (as fake.requests). A path, query, header value or body that is not valid UTF-8
// is shown with U+FFFD for each bad byte, and its exact bytes are in the entry's "base64" object under the
// same name ("path", "query", "body", "headers": {name: ...}).
nlohmann::json journal_json(const fake::Journal& journal, const std::string& method = "",
                            const std::string& path = "");

class AdminApi {
 public:
  // `reset` puts the world script's world back (POST /__admin/reset).
  AdminApi(fake::SharedWorld& world, AdminSettings settings, std::function<void()> reset);

  // The answer to a request under /__admin/, or nullopt for any other request (the fake's).
  // Who may call it: admin_access.hpp.
  std::optional<fake::Response> handle(const fake::Request& request);
  // The bound port, once the server listens (settings.port 0 means not known yet): from any thread.
  void set_port(unsigned short port) { port_ = port; }

 private:
  fake::Response dispatch(const fake::Request& request, const std::string& route);

  fake::SharedWorld& world_;
  AdminSettings settings_;
  std::function<void()> reset_;
  std::atomic<unsigned short> port_;
};

}  // namespace harness::serve
