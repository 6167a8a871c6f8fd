// HAR 1.2: http://www.softwareishard.com/blog/har-12-spec/ (log, entries, request, response, content).
#include "harness/capture/har_reader.hpp"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <cctype>
#include <chrono>
#include <optional>
#include <utility>

#include "harness/capture/base64_decode.hpp"
#include "harness/capture/capture_file.hpp"
#include "harness/capture/capture_json.hpp"

namespace harness::capture {
namespace har_reading {

// Using-declarations, not a using-directive: in a unity build another file of this module may declare the
// same names in harness::capture, which a directive would make ambiguous.
using capture_json::array_at;
using capture_json::fail;
using capture_json::find;
using capture_json::integer_at;
using capture_json::Json;
using capture_json::number_at;
using capture_json::object_at;
using capture_json::optional_string;
using capture_json::Pointer;
using capture_json::string_at;

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

bool contains_word(std::string_view text, std::string_view word) {
  return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         }) != text.end();
}

// Milliseconds since 1970 of an ISO 8601 date-time as HAR writes it: "2026-11-22T11:40:01.120Z", with any
// number of fraction digits and a zone of Z, +HH:MM or +HHMM (none is taken as UTC: only differences matter).
std::optional<double> parse_date_time(std::string_view text) {
  std::size_t at = 0;
  auto number = [&](std::size_t digits, int& value) {
    if (text.size() < at + digits) return false;
    value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      const char c = text[at + i];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    at += digits;
    return true;
  };
  auto literal = [&](std::string_view choices) {
    if (at >= text.size() || choices.find(text[at]) == std::string_view::npos) return false;
    ++at;
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(4, year) || !literal("-") || !number(2, month) || !literal("-") || !number(2, day) ||
      !literal("Tt ") || !number(2, hour) || !literal(":") || !number(2, minute) || !literal(":") ||
      !number(2, second))
    return std::nullopt;
  double fraction_ms = 0;
  if (literal(".,")) {
    double scale = 100;
    const std::size_t first = at;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10)
      fraction_ms += (text[at] - '0') * scale;
    if (at == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (literal("Zz")) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at++] == '-' ? -1 : 1;
    int hours = 0, minutes = 0;
    if (!number(2, hours)) return std::nullopt;
    literal(":");
    if (!number(2, minutes) || hours > 23 || minutes > 59) return std::nullopt;
    offset_minutes = sign * (hours * 60 + minutes);
  }
  if (at != text.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const double days = std::chrono::sys_days(date).time_since_epoch().count();
  return ((days * 24 + hour) * 60 + minute - offset_minutes) * 60000.0 + second * 1000.0 + fraction_ms;
}

struct ParsedUrl {
  std::string origin;  // scheme://host[:port], never the userinfo (a password would land in the file)
  std::string target;  // path and query as sent
};

ParsedUrl parse_url(const std::string& url, const std::string& file_name, const Pointer& at) {
  const auto parsed = boost::urls::parse_uri(url);
  // Boost.URL's reasons ("mismatch") say nothing to a reader: the URL is shown instead.
  // A path that does not start with "/" after the authority: Boost.URL reads "https://h:x.com/p" as host
  // "h", an empty port and the path "x.com/p", which is no request target.
  if (!parsed || !parsed->has_authority() ||
      (!parsed->encoded_path().empty() && !parsed->encoded_path().starts_with("/")))
    fail(file_name, at, "must be an absolute URL (scheme://host/path), not \"" + url + "\"");
  ParsedUrl out;
  out.origin = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
  out.target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) {
    out.target += '?';
    out.target += parsed->encoded_query();
  }
  return out;
}

HeaderList read_headers(const Json& message, const std::string& file_name, const Pointer& at) {
  HeaderList headers;
  const Json* list = find(message, "headers");
  if (!list) return headers;
  array_at(*list, file_name, at / "headers");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Pointer here = at / "headers" / i;
    const Json& header = object_at((*list)[i], file_name, here);
    const Json* name = find(header, "name");
    if (!name) fail(file_name, here / "name", "missing (a header is {\"name\": ..., \"value\": ...})");
    const std::string& name_text = string_at(*name, file_name, here / "name");
    const std::string value = optional_string(header, "value", file_name, here).value_or("");
    // HTTP/2 exports list the pseudo-headers (":authority", ":path"...); an HTTP/1.1 message has none.
    if (name_text.starts_with(":")) continue;
    if (name_text.empty()) fail(file_name, here / "name", "must not be empty");
    headers.emplace_back(name_text, value);
  }
  return headers;
}

std::string read_request_body(const Json& request, const std::string& file_name, const Pointer& at) {
  const Json* post = find(request, "postData");
  if (!post) return {};
  const Pointer here = at / "postData";
  object_at(*post, file_name, here);
  const auto text = optional_string(*post, "text", file_name, here);
  if (!text) {
    const Json* params = find(*post, "params");
    if (params && params->is_array() && !params->empty())
      fail(file_name, here / "text", "missing: the body is given only as params, which do not say its bytes");
    return {};
  }
  const auto encoding = optional_string(*post, "encoding", file_name, here).value_or("");
  if (encoding.empty()) return *text;
  if (encoding != "base64")
    fail(file_name, here / "encoding", "\"" + encoding + "\" is not supported (base64 is)");
  auto bytes = decode_base64(*text);
  if (!bytes) fail(file_name, here / "text", "is not valid base64 (encoding says base64)");
  return std::move(*bytes);
}

// A failed request's description: Chrome writes `_error` ("net::ERR_CONNECTION_RESET") in the response or the
// entry; others leave at most a statusText.
std::string failure_of(const Json& entry, const Json* response, const std::string& file_name,
                       const Pointer& at) {
  if (response) {
    if (auto error = optional_string(*response, "_error", file_name, at / "response"))
      return failure_word(*error);
  }
  if (auto error = optional_string(entry, "_error", file_name, at)) return failure_word(*error);
  if (response) {
    if (auto text = optional_string(*response, "statusText", file_name, at / "response"))
      return failure_word(*text);
  }
  return "unknown";
}

void read_response(const Json& response, CapturedExchange& exchange, const std::string& file_name,
                   const Pointer& at) {
  HeaderList headers = read_headers(response, file_name, at);
  // A HAR holds the body as the client's library handed it over: decompressed and de-chunked. Served again
  // with Content-Encoding (gzip, br), Transfer-Encoding or the wire's Content-Length, that text would be read
  // as compressed, chunked or cut at the wrong length, so those headers go.
  const bool decoded = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
    return same_name(header.first, "Content-Encoding") && !same_name(header.second, "identity");
  });
  std::erase_if(headers, [decoded](const auto& header) {
    return same_name(header.first, "Transfer-Encoding") || same_name(header.first, "Content-Encoding") ||
           (decoded && same_name(header.first, "Content-Length"));
  });
  exchange.response_headers = std::move(headers);
  const Json* content = find(response, "content");
  if (!content) return;
  const Pointer here = at / "content";
  object_at(*content, file_name, here);
  auto text = optional_string(*content, "text", file_name, here);
  if (!text) return;  // the exporter kept no body (too large, not captured, a redirect)
  const auto encoding = optional_string(*content, "encoding", file_name, here).value_or("");
  if (encoding.empty()) {
    exchange.response_body = std::move(*text);
    return;
  }
  if (encoding != "base64")
    fail(file_name, here / "encoding", "\"" + encoding + "\" is not supported (base64 is)");
  auto bytes = decode_base64(*text);
  if (!bytes) fail(file_name, here / "text", "is not valid base64 (encoding says base64)");
  exchange.response_body = std::move(*bytes);
}

struct TimedExchange {
  double started_at_ms;  // since 1970
  std::string origin;
  CapturedExchange exchange;
};

TimedExchange read_entry(const Json& entry, const std::string& file_name, const Pointer& at) {
  object_at(entry, file_name, at);
  TimedExchange out;
  const Json* started = find(entry, "startedDateTime");
  if (!started) fail(file_name, at / "startedDateTime", "missing (when the request started, ISO 8601)");
  const auto started_ms = parse_date_time(string_at(*started, file_name, at / "startedDateTime"));
  if (!started_ms)
    fail(file_name, at / "startedDateTime", "must be an ISO 8601 date-time (2026-11-22T11:40:01.120Z)");
  out.started_at_ms = *started_ms;
  if (const Json* time = find(entry, "time"))
    out.exchange.duration_ms = std::max(0.0, number_at(*time, file_name, at / "time"));  // -1: not known

  const Json* request = find(entry, "request");
  if (!request) fail(file_name, at / "request", "missing");
  const Pointer request_at = at / "request";
  object_at(*request, file_name, request_at);
  const Json* method = find(*request, "method");
  if (!method) fail(file_name, request_at / "method", "missing");
  out.exchange.method = string_at(*method, file_name, request_at / "method");
  const bool token = !out.exchange.method.empty() &&
                     std::all_of(out.exchange.method.begin(), out.exchange.method.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) ||
                              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
                     });
  if (!token) fail(file_name, request_at / "method", "must be an HTTP method (GET, POST, ...)");
  const Json* url = find(*request, "url");
  if (!url) fail(file_name, request_at / "url", "missing");
  auto parsed = parse_url(string_at(*url, file_name, request_at / "url"), file_name, request_at / "url");
  out.origin = std::move(parsed.origin);
  out.exchange.target = std::move(parsed.target);
  out.exchange.request_headers = read_headers(*request, file_name, request_at);
  out.exchange.request_body = read_request_body(*request, file_name, request_at);

  const Json* response = find(entry, "response");
  if (response) {
    object_at(*response, file_name, at / "response");
    const Json* status = find(*response, "status");
    if (!status) fail(file_name, at / "response" / "status", "missing");
    const auto code = integer_at(*status, file_name, at / "response" / "status");
    if (code != 0 && (code < 100 || code > 999))
      fail(file_name, at / "response" / "status", "must be 0 (no answer) or an HTTP status (100-999)");
    out.exchange.status = static_cast<int>(code);
  }
  if (out.exchange.status == 0) {
    // No answer: what the entry says of it is the exporter's placeholder, not something the client received.
    out.exchange.failure = failure_of(entry, response, file_name, at);
    return out;
  }
  read_response(*response, out.exchange, file_name, at / "response");
  return out;
}

Capture read_har_document(const Json& document, const std::string& file_name) {
  const Pointer root;
  object_at(document, file_name, root);
  const Json* log = find(document, "log");
  if (!log) fail(file_name, root / "log", "missing (a HAR file is {\"log\": {\"entries\": [...]}})");
  object_at(*log, file_name, root / "log");
  const Json* entries = find(*log, "entries");
  if (!entries) fail(file_name, root / "log" / "entries", "missing");
  array_at(*entries, file_name, root / "log" / "entries");
  std::vector<TimedExchange> timed;
  timed.reserve(entries->size());
  for (std::size_t i = 0; i < entries->size(); ++i)
    timed.push_back(read_entry((*entries)[i], file_name, root / "log" / "entries" / i));
  // Exporters write entries as requests finished, or grouped by page: the capture is in the order they
  // started.
  // (std::ranges' algorithms do not compile with clang 14 and libstdc++ 12, the fuzz build's pair.)
  std::stable_sort(timed.begin(), timed.end(), [](const TimedExchange& a, const TimedExchange& b) {
    return a.started_at_ms < b.started_at_ms;
  });
  Capture capture;
  capture.source = file_name;
  if (!timed.empty()) capture.origin = timed.front().origin;
  for (auto& exchange : timed) {
    exchange.exchange.started_ms = exchange.started_at_ms - timed.front().started_at_ms;
    capture.exchanges.push_back(std::move(exchange.exchange));
  }
  return capture;
}

}  // namespace har_reading

std::string failure_word(std::string_view description) {
  using har_reading::contains_word;
  // Chrome's net::ERR_* names and the plain words other tools write, most particular first.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kWords{{
      {"reset", "reset"},
      {"timed_out", "timeout"},
      {"timed out", "timeout"},
      {"timeout", "timeout"},
      {"refused", "refused"},
      {"empty_response", "closed"},
      {"empty response", "closed"},
      {"closed", "closed"},
      {"content_length_mismatch", "truncated"},
      {"incomplete", "truncated"},
      {"truncated", "truncated"},
      {"resol", "resolve"},  // ERR_NAME_NOT_RESOLVED, ERR_NAME_RESOLUTION_FAILED
      {"ssl", "tls"},
      {"cert", "tls"},
      {"tls", "tls"},
  }};
  for (const auto& [word, failure] : kWords)
    if (contains_word(description, word)) return std::string(failure);
  return "unknown";
}

Capture har_capture(const nlohmann::json& document, const std::string& file_name) {
  return har_reading::read_har_document(document, file_name);
}

Capture read_har(std::string_view text, const std::string& file_name) {
  return har_capture(capture_json::parse(text, file_name), file_name);
}

Capture read_har_file(const std::filesystem::path& path) {
  const std::string name = path.generic_string();
  return read_har(read_capture_text(path), name);
}

}  // namespace harness::capture
