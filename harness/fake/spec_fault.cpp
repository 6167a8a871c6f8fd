// fake.fault{...} and POST /__admin/faults: which requests (match), when (schedule), and how (the answer);
// and the journal's filter of fake.requests{...} and GET /__admin/requests.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "harness/fake/journal.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/spec_fields.hpp"

namespace harness::fake {
namespace {

using spec_detail::Fields;
using spec_detail::Json;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::chrono::milliseconds seconds_to_ms(const Fields& fields, const char* key, double seconds) {
  if (!(seconds >= 0) || seconds > 1e9) fields.fail(key, "must be a number of seconds from 0 to 1e9");
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

// A path pattern never holds the query: a '?' in it could never match.
std::string path_pattern(const Fields& fields, const char* key) {
  auto path = fields.string(key);
  if (path.find('?') != std::string::npos)
    fields.fail(key, "\"" + path +
                         "\" holds a '?', which no request path does: give the parameters as query = {...}");
  return path;
}

// Request conditions: under `match`; method, path and query may also stand at the top, as a shorthand.
void read_match(const Fields& top, FaultSpec& spec) {
  const Json no_match = Json::object();
  const SpecTree empty(no_match);  // views its source
  const auto given = top.find("match");
  const Fields match(given ? *given : empty.root(), "match.", {"method", "path", "query", "headers"});
  for (const char* key : {"method", "path", "query"})
    if (top.find(key) && match.find(key)) top.fail(key, "give it under match or at the top, not both");
  auto from = [&](const char* key) -> const Fields& { return match.find(key) ? match : top; };
  spec.method = upper(from("method").string("method"));
  if (auto path = path_pattern(from("path"), "path"); !path.empty()) spec.path = path;
  spec.query = from("query").string_map("query");
  spec.request_headers = match.string_map("headers");
}

void read_action(const Fields& fields, FaultSpec& spec) {
  std::vector<std::string> kinds;
  if (auto status = fields.number("status")) {
    // With a body of its own a fault may answer any status (a 200 with a wrong body is a real incident); the
    // documented error bodies exist for 400..599 only.
    const int lowest = fields.given("body") ? 200 : 400;
    if (*status < lowest || *status > 599 || std::floor(*status) != *status)
      fields.fail("status", "must be a whole number from " + std::to_string(lowest) + " to 599" +
                                (lowest == 400 ? " (or give a body)" : ""));
    spec.status = static_cast<int>(*status);
    spec.action = FaultAction::status;
    kinds.push_back("status");
  }
  for (auto [key, action] :
       {std::pair{"reset", FaultAction::reset}, std::pair{"close", FaultAction::close},
        std::pair{"hang", FaultAction::hang}, std::pair{"malformed", FaultAction::malformed}})
    if (fields.flag(key)) {
      spec.action = action;
      kinds.push_back(key);
    }
  if (auto cut = fields.number("truncate")) {
    spec.action = FaultAction::truncate;
    spec.truncate_at = static_cast<std::size_t>(spec_detail::whole_number(fields, "truncate", *cut, 0));
    kinds.push_back("truncate");
  }
  if (const auto drip = fields.find("drip")) {
    const Fields inner(*drip, "drip.", {"bytes", "interval"});
    if (auto bytes = inner.number("bytes"))
      spec.drip_bytes = static_cast<std::size_t>(spec_detail::whole_number(inner, "bytes", *bytes, 1));
    if (auto interval = inner.number("interval"))
      spec.drip_interval = seconds_to_ms(inner, "interval", *interval);
    spec.action = FaultAction::drip;
    kinds.push_back("drip");
  }
  if (kinds.size() > 1) throw SpecError("choose one of " + kinds[0] + " and " + kinds[1]);
  if (kinds.empty()) {
    if (spec.delay.count() == 0)
      throw SpecError(
          "says nothing to do: give status, delay, reset, close, hang, truncate, malformed or drip");
    spec.action = FaultAction::delay;
  }
}

}  // namespace

FaultSpec fault_spec(const SpecValue& body) {
  const Fields fields(
      body, "", {"match",       "method", "path", "query",    "times",     "nth",          "every",   "after",
                 "probability", "status", "body", "code",     "message",   "content_type", "headers", "delay",
                 "reset",       "close",  "hang", "truncate", "malformed", "drip"});
  FaultSpec spec;
  read_match(fields, spec);
  spec.times = fields.whole("times", 1);
  spec.nth = fields.whole("nth", 1);
  spec.every = fields.whole("every", 1);
  spec.after = fields.whole("after", 0);
  if (auto p = fields.number("probability")) {
    if (!(*p >= 0 && *p <= 1)) fields.fail("probability", "must be between 0 and 1");
    spec.probability = *p;
  }
  if (auto delay = fields.number("delay")) spec.delay = seconds_to_ms(fields, "delay", *delay);
  read_action(fields, spec);
  if (const auto given = fields.given("body")) {
    if (spec.action != FaultAction::status) fields.fail("body", "goes with status");
    if (given->is_string()) {
      spec.body = std::string(given->string());
    } else {
      try {
        spec.body = given->json().dump();
      } catch (const nlohmann::json::type_error&) {  // 316: JSON text cannot hold the bytes
        fields.fail("body", "a string is not valid UTF-8 (bytes that are not UTF-8 go in a string body)");
      }
    }
  }
  spec.code = fields.optional_string("code");
  spec.message = fields.optional_string("message");
  if (auto type = fields.header_value("content_type")) spec.content_type = std::move(*type);
  spec.headers = fields.header_map("headers");
  return spec;
}

JournalFilter journal_filter(const SpecValue& body) {
  const Fields fields(body, "", {"method", "path", "query", "status", "fault"});
  JournalFilter filter;
  filter.method = upper(fields.string("method"));
  filter.path = path_pattern(fields, "path");
  filter.query = fields.string_map("query");
  if (auto status = fields.number("status"))
    filter.status = spec_detail::whole_number(fields, "status", *status, 0);
  if (auto fault = fields.number("fault"))
    filter.fault = spec_detail::whole_number(fields, "fault", *fault, 0);
  return filter;
}

bool JournalFilter::matches(const JournalEntry& entry) const {
  return matches(entry.method, entry.target, entry.status, entry.fault);
}

bool JournalFilter::matches(const PackedEntryView& entry) const {
  return matches(entry.method(), entry.target(), entry.status(), entry.fault());
}

bool JournalFilter::matches(std::string_view entry_method, std::string_view target, int entry_status,
                            int entry_fault) const {
  const auto q = target.find('?');
  if (!method.empty() && entry_method != method) return false;
  if (!path.empty() && !path_matches(path, target.substr(0, q))) return false;
  if (status && entry_status != *status) return false;
  if (fault && entry_fault != *fault) return false;
  if (query.empty()) return true;
  const Query params(q == std::string::npos ? std::string_view() : target.substr(q + 1));
  for (const auto& [name, value] : query) {
    const auto* got = params.get(name);
    if (!got || *got != value) return false;
  }
  return true;
}

}  // namespace harness::fake
