#pragma once
// Who may use the admin API of `harness serve`: a request naming the server by a loopback literal or
// localhost with the bound port (so a web page cannot reach it by DNS rebinding), a state-changing request
// only as application/json and from no other origin (so a page cannot post a form at it), and, with a
// token, the token (so a server bound beyond loopback is not open to its network). docs/serve.md.
#include <optional>
#include <string>

#include "harness/fake/http_message.hpp"

namespace harness::serve {

struct AdminSettings {
  std::string host = "127.0.0.1";  // the bound address
  std::string project_id;          // the default for bodies without one
  std::string world_file;          // for /__admin/health
  unsigned short port = 0;         // the bound port; 0 until known (AdminApi::set_port): then all are refused
  bool tls = false;                // a Host without a port then names 443, not 80
  // Set: every admin request must carry "Authorization: Bearer TOKEN", and any host name with the bound
  // port is accepted. Empty: only loopback names, and the API is off when bound beyond loopback.
  std::string token;
};

// True for 127.0.0.0/8 and ::1; false for wildcards (0.0.0.0, ::) and any other address.
bool is_loopback_address(const std::string& host);

// Why the admin API is off for these settings ("bound to 0.0.0.0, beyond loopback, without
// --admin-token"), or nullopt when it may serve.
std::optional<std::string> admin_off_reason(const AdminSettings& settings);

// The answer refusing an admin request (403, 401 or 415 with {"error": ...}), or nullopt when it may go on.
// `port` is the bound port.
std::optional<fake::Response> refuse_admin_request(const fake::Request& request,
                                                   const AdminSettings& settings, unsigned short port);

}  // namespace harness::serve
