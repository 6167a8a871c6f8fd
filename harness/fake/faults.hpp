#pragma once
// Faults: which requests they answer (match), when (schedule), and how (action). The world holds them in the
// order they were set; for each request the first fault that matches and whose schedule fires answers it.
#include <chrono>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

enum class FaultAction {
  status,     // answer with a status and the endpoint's documented error body (or a given body)
  delay,      // answer normally, late
  reset,      // RST instead of an answer
  close,      // close the connection without answering
  hang,       // send the status line and headers, then nothing
  truncate,   // send fewer body bytes than Content-Length says, then close
  malformed,  // answer normally but with a body that is not valid JSON
  drip,       // send the answer a few bytes at a time
};
const char* fault_action_name(FaultAction action);

struct FaultSpec {
  // Match: every given condition must hold.
  std::string method;                                                // empty: any
  std::string path = "**";                                           // "/v1/*/jobs/*"
  std::vector<std::pair<std::string, std::string>> query;            // parameter = value
  std::vector<std::pair<std::string, std::string>> request_headers;  // header = value (case-insensitive name)
  // Schedule: every given condition must hold; none given fires on every match.
  int times = 0;             // at most this many times
  int nth = 0;               // only on the nth matching request
  int every = 0;             // on every k-th matching request
  int after = 0;             // only once this many matching requests went by
  double probability = 1.0;  // drawn from the world's seeded generator
  // Action.
  FaultAction action = FaultAction::status;
  int status = 0;
  std::optional<std::string> body;  // replaces the documented error body
  std::optional<std::string> code;  // replaces the catalog's error code
  std::optional<std::string> message;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // added to the answer, whatever the action
  std::chrono::milliseconds delay{0};                        // before answering (any action)
  std::size_t truncate_at = 0;                               // body bytes sent before the close
  std::size_t drip_bytes = 1;
  std::chrono::milliseconds drip_interval{20};
};

struct Fault {
  FaultSpec spec;
  int matched = 0;  // matching requests seen
  int fired = 0;    // of them, answered by this fault
};

bool fault_matches(const FaultSpec& spec, const Request& request);
// Counts the match and says whether the schedule fires for it.
bool fault_fires(Fault& fault, std::mt19937_64& random);

}  // namespace harness::fake
