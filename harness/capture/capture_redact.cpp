// What never lands in a generated file: tokens, signatures, cookies and the names given with --redact, in
// headers, query strings and JSON bodies alike.
#include <algorithm>

#include "harness/capture/scenario_model.hpp"
#include "harness/client/exchange.hpp"

namespace harness::capture::writing {
namespace capture_redact_detail {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace capture_redact_detail

using capture_redact_detail::lower;

Redactor::Redactor(const std::vector<std::string>& extra_names) {
  // X-Subject-Token is the token IAM answers with; the AK/SK signature travels in Authorization.
  names = {"x-auth-token",    "authorization", "proxy-authorization", "x-security-token",
           "x-subject-token", "cookie",        "set-cookie"};
  for (const auto& name : extra_names) names.push_back(lower(name));
}

bool Redactor::secret(std::string_view name) const {
  const auto low = lower(name);
  return client::is_secret_header(name) || std::find(names.begin(), names.end(), low) != names.end();
}

std::string Redactor::header_value(std::string_view name, std::string_view value) const {
  if (!secret(name)) return std::string(value);
  // "SDK-HMAC-SHA256 Access=..., Signature=...": the scheme stays, so the fake still sees an AK/SK request.
  const auto space = value.find(' ');
  if (lower(name).ends_with("authorization") && space != std::string_view::npos && space > 0)
    return std::string(value.substr(0, space)) + " " + kRedacted;
  return kRedacted;
}

std::string Redactor::query(std::string_view query) const {
  std::string out;
  std::size_t at = 0;
  while (at <= query.size()) {
    auto end = query.find('&', at);
    if (end == std::string_view::npos) end = query.size();
    const auto pair = query.substr(at, end - at);
    const auto equals = pair.find('=');
    if (!out.empty() || at > 0) out += '&';
    if (equals != std::string_view::npos && secret(pair.substr(0, equals)))
      out += std::string(pair.substr(0, equals)) + "=%3Credacted%3E";
    else
      out += pair;
    at = end + 1;
  }
  return out;
}

void Redactor::json(Json& value) const {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (secret(it.key()))
        *it = kRedacted;
      else
        json(*it);
    }
  } else if (value.is_array()) {
    for (auto& item : value) json(item);
  }
}

}  // namespace harness::capture::writing
