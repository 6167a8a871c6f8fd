#include "harness/capture/har_writer.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>

#include "harness/client/exchange.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::capture {

namespace har_writing {

using Json = nlohmann::ordered_json;  // members in the order HAR's spec lists them, as exporters write them

constexpr const char* kRedacted = "<redacted>";

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct Redaction {
  const HarOptions& options;
  bool secret(std::string_view name) const {
    if (!options.redact_secrets) return false;
    // is_secret_header holds X-Auth-Token, Authorization, Cookie and the other credentials transcripts hide.
    if (client::is_secret_header(name) || same_name(name, "X-Security-Token") ||
        same_name(name, "Set-Cookie"))
      return true;
    return std::any_of(options.redact.begin(), options.redact.end(),
                       [&](const std::string& extra) { return same_name(name, extra); });
  }
};

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// JSON text must be UTF-8: a value that is not (a header sent as Latin-1) keeps its bytes as %XX.
std::string text_of(std::string_view value) {
  return fake::percent_encode_invalid_utf8(value);
}

std::string header_value(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (same_name(n, name)) return v;
  return {};
}

Json headers_json(const HeaderList& headers, const Redaction& redaction) {
  Json list = Json::array();
  for (const auto& [name, value] : headers)
    list.push_back({{"name", text_of(name)}, {"value", redaction.secret(name) ? kRedacted : text_of(value)}});
  return list;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

// "a=1; b=2" (Cookie) -> {a, 1}, {b, 2}; values redacted with the header.
Json request_cookies(const HeaderList& headers, const Redaction& redaction) {
  Json cookies = Json::array();
  for (const auto& [name, value] : headers) {
    if (!same_name(name, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      const std::string_view pair = rest.substr(0, semicolon);
      const auto equals = pair.find('=');
      const std::string cookie_name = trimmed(pair.substr(0, equals));
      const std::string cookie_value =
          equals == std::string_view::npos ? "" : trimmed(pair.substr(equals + 1));
      if (!cookie_name.empty())
        cookies.push_back({{"name", text_of(cookie_name)},
                           {"value", redaction.secret(name) ? kRedacted : text_of(cookie_value)}});
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
    }
  }
  return cookies;
}

// "id=abc; Path=/; HttpOnly" (each Set-Cookie) -> {id, abc}; the attributes are not kept.
Json response_cookies(const HeaderList& headers, const Redaction& redaction) {
  Json cookies = Json::array();
  for (const auto& [name, value] : headers) {
    if (!same_name(name, "Set-Cookie")) continue;
    const std::string_view pair = std::string_view(value).substr(0, value.find(';'));
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    cookies.push_back(
        {{"name", text_of(trimmed(pair.substr(0, equals)))},
         {"value", redaction.secret(name) ? kRedacted : text_of(trimmed(pair.substr(equals + 1)))}});
  }
  return cookies;
}

// The target's query as name/value pairs, percent-decoded (as exporters list them).
Json query_string(const std::string& target) {
  Json list = Json::array();
  const auto question = target.find('?');
  if (question == std::string::npos) return list;
  const auto url = boost::urls::parse_origin_form(target);
  if (url) {
    for (const auto& param : url->params())
      list.push_back({{"name", text_of(param.key)}, {"value", param.has_value ? text_of(param.value) : ""}});
    return list;
  }
  // Not a valid origin-form (a raw space, say): the pairs as they are.
  std::string_view rest = std::string_view(target).substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto equals = pair.find('=');
    list.push_back({{"name", text_of(pair.substr(0, equals))},
                    {"value", equals == std::string_view::npos ? "" : text_of(pair.substr(equals + 1))}});
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return list;
}

// "2026-12-01T22:41:17.123Z"
std::string iso_time(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  long long millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

Json request_json(const Capture& capture, const CapturedExchange& exchange, const Redaction& redaction) {
  Json request = {{"method", text_of(exchange.method)},
                  {"url", capture.origin + text_of(exchange.target)},
                  {"httpVersion", "HTTP/1.1"},
                  {"cookies", request_cookies(exchange.request_headers, redaction)},
                  {"headers", headers_json(exchange.request_headers, redaction)},
                  {"queryString", query_string(exchange.target)}};
  if (!exchange.request_body.empty()) {
    Json post = {{"mimeType", header_value(exchange.request_headers, "Content-Type")}};
    if (fake::is_valid_utf8(exchange.request_body)) {
      post["text"] = exchange.request_body;
    } else {
      post["text"] = base64(exchange.request_body);
      post["encoding"] = "base64";
    }
    request["postData"] = std::move(post);
  }
  request["headersSize"] = -1;
  request["bodySize"] = exchange.request_body.size();
  return request;
}

Json response_json(const CapturedExchange& exchange, const Redaction& redaction) {
  const auto status = static_cast<unsigned>(exchange.status);
  std::string mime = header_value(exchange.response_headers, "Content-Type");
  if (mime.empty()) mime = "x-unknown";
  Json content = {{"size", exchange.response_body ? exchange.response_body->size() : 0},
                  {"mimeType", text_of(mime)}};
  if (exchange.response_body) {
    if (fake::is_valid_utf8(*exchange.response_body)) {
      content["text"] = *exchange.response_body;
    } else {
      content["text"] = base64(*exchange.response_body);
      content["encoding"] = "base64";
    }
  }
  Json response = {
      {"status", exchange.status},
      {"statusText", exchange.status > 0 ? std::string(boost::beast::http::obsolete_reason(
                                               static_cast<boost::beast::http::status>(status)))
                                         : ""},
      {"httpVersion", exchange.status > 0 ? "HTTP/1.1" : ""},
      {"cookies", response_cookies(exchange.response_headers, redaction)},
      {"headers", headers_json(exchange.response_headers, redaction)},
      {"content", std::move(content)},
      {"redirectURL", text_of(header_value(exchange.response_headers, "Location"))},
      {"headersSize", -1},
      {"bodySize", exchange.response_body ? static_cast<long long>(exchange.response_body->size()) : -1}};
  if (exchange.status == 0) response["_error"] = exchange.failure.empty() ? "unknown" : exchange.failure;
  return response;
}

}  // namespace har_writing

std::string write_har(const Capture& capture, const HarOptions& options) {
  using namespace har_writing;
  if (capture.origin.empty())
    throw CaptureError("write_har: the capture " + capture.source +
                       " has no origin (scheme://host:port), and a HAR's URLs are absolute");
  const Redaction redaction{options};
  Json entries = Json::array();
  for (const auto& exchange : capture.exchanges) {
    const auto started =
        options.started + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                              std::chrono::duration<double, std::milli>(exchange.started_ms));
    entries.push_back({{"startedDateTime", iso_time(started)},
                       {"time", exchange.duration_ms},
                       {"request", request_json(capture, exchange, redaction)},
                       {"response", response_json(exchange, redaction)},
                       {"cache", Json::object()},
                       {"timings", {{"send", 0}, {"wait", exchange.duration_ms}, {"receive", 0}}}});
  }
  Json har = {{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "harness"}, {"version", HARNESS_VERSION}}},
                {"entries", std::move(entries)}}}};
  return har.dump(2) + "\n";
}

}  // namespace harness::capture
