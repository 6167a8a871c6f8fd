#pragma once
// A capture: the exchanges a client had with a service, in the order they happened, whatever they came from
// (`harness record`, a HAR file, a journal saved from `harness serve`). What `harness import` and
// `harness record` turn into a scenario (scenario_writer.hpp).
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace harness::capture {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct CapturedExchange {
  std::string method = "GET";
  std::string target;  // path and query as sent ("/v1/p/jobs/j?x=1"), never scheme or host
  HeaderList request_headers;
  std::string request_body;

  // What came back. status 0: no answer; `failure` then says how it failed, in the words of the client's
  // transport errors ("reset", "closed", "timeout", "truncated", "refused", ...; "unknown" when the capture
  // does not say).
  int status = 0;
  std::string failure;
  HeaderList response_headers;
  // The body's bytes as the client received them (decoded from base64 when the capture held it so);
  // nullopt when the capture has no body at all (a HAR entry without content text, a journal entry).
  std::optional<std::string> response_body;
  // Job and sub-job states the fake served, when the capture came from a harness journal (its "states"): a
  // job-status answer's job state, then each of its sub-jobs' in order, space-separated ("RUNNING",
  // "RUNNING SUCCESS FAIL"). Lets a journal without bodies still give a job its timeline. Empty for every
  // other answer, and for a job-status answer a fault kept from arriving whole (hang, truncate, malformed).
  std::string served_states;

  double started_ms = 0;   // since the first exchange of the capture (0 for it)
  double duration_ms = 0;  // from the request's first byte to the answer's last, when known
};

struct Capture {
  std::string source;  // what it was read from, for the generated file's header ("capture.har", "harness record")
  std::string origin;  // the scheme://host[:port] the requests went to, when known
  std::vector<CapturedExchange> exchanges;
};

// A capture that cannot be read: names the file and, for JSON, the JSON pointer of what is wrong.
struct CaptureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace harness::capture
