#pragma once
// One HTTP exchange as the client saw it: what was sent, what came back (or how it failed), and how long it
// took.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness::client {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// How a request failed below HTTP. `none`: a complete response arrived (whatever its status). `interrupted`:
// SIGINT/SIGTERM asked the run to stop while the request was waiting (net/interrupt.hpp).
enum class TransportError {
  none,
  refused,
  reset,
  timeout,
  closed,
  truncated,
  protocol,
  tls,
  resolve,
  interrupted,
  other
};
const char* transport_error_name(TransportError error);  // "refused", "reset", "timeout", ...

// Headers whose values are credentials (X-Auth-Token, Authorization, ...): transcripts show them as "***".
bool is_secret_header(std::string_view name);

struct Exchange {
  std::string method;
  std::string url;     // scheme://host:port/target
  std::string target;  // /target: what the transcript shows, so reports do not change with the port
  HeaderList request_headers;
  std::string request_body;

  int status = 0;  // 0 when no response arrived
  HeaderList response_headers;
  std::string response_body;
  double elapsed_ms = 0;

  TransportError error = TransportError::none;
  std::string error_message;  // e.g. "read timed out after 2000 ms"

  bool ok() const { return error == TransportError::none; }
  // A readable transcript (request line, headers, body; response line, headers, body), bodies cut at
  // `body_limit`; secret header values (is_secret_header) are shown as "***".
  std::string transcript(std::size_t body_limit = 4096) const;
};

}  // namespace harness::client
