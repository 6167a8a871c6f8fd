#pragma once
// Plain request and response values: the router works on these, so it can be tested without a socket.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness::fake {

struct HandlerCall;  // harness/fake/handler_desk.hpp

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET"
  std::string target;  // "/v1/p1/jobs/abc?x=1", as received (an absolute-form target as its path and query)
  std::string body = {};
  HeaderList headers;
  // An absolute-form target's host[:port] ("GET http://127.0.0.1:8080/v1/... HTTP/1.1"), which names the
  // server instead of Host (RFC 9112 3.2.2); empty for a target that is a path.
  std::string authority = {};

  std::string_view path() const;   // target without the query
  std::string_view query() const;  // after '?', without it
  // Case-insensitive header lookup; nullptr when absent.
  const std::string* header(std::string_view name) const;
};

// How the answer travels: normally, or bent by a fault (harness/fake/faults.hpp).
struct Delivery {
  enum class Mode { normal, reset, close, hang, truncate, drip } mode = Mode::normal;
  std::chrono::milliseconds delay{0};
  std::size_t truncate_at = 0;  // body bytes sent before the close
  std::size_t drip_bytes = 1;
  std::chrono::milliseconds drip_interval{20};
  bool close_after = false;  // close the connection after this answer, whatever the request asked
};

struct Response {
  int status = 200;
  HeaderList headers = {};  // Content-Type etc.; Content-Length is added by the server
  // What the scenario set for this answer (a job's `headers`): serve() lays it over the fake's own headers
  // and the world's, so the answer's own wins over the world-wide ones.
  HeaderList scenario_headers = {};
  std::string body = {};
  Delivery delivery = {};
  // For the journal (contract coverage): the job state a job-status answer served, then its sub-jobs' states,
  // space-separated ("RUNNING SUCCESS FAIL"); empty for other answers.
  std::string served_states = {};
  // Set instead of an answer when a Lua function must give it: the session hands the call to the thread
  // that runs the scenario (harness/fake/handler_desk.hpp) and answers once it did.
  std::shared_ptr<HandlerCall> handler_call = {};
};

// A JSON response with the given status and serialised body.
Response json_response(int status, std::string body);

// RFC 9110 5.6.2: a method or a header name.
bool is_token(std::string_view text);
// RFC 9110 5.5: no CR, LF, NUL or other control byte but HTAB. A value with CR LF would split the answer and
// add headers nobody declared.
bool is_header_byte(unsigned char c);
bool is_header_value(std::string_view text);

}  // namespace harness::fake
