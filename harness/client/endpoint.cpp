// Endpoints: the scheme, host and port a client talks to, parsed from a URL and written back as one.
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "harness/client/http_client.hpp"

namespace harness::client {

namespace {

unsigned short default_port(const std::string& scheme) {
  return scheme == "https" ? 443 : 80;
}

}  // namespace

std::string host_text(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string Endpoint::url() const {
  return scheme + "://" + host_text(host) + ":" + std::to_string(port);
}

Endpoint parse_endpoint(std::string url) {
  const std::string given = url;
  auto fail = [&](const std::string& why) {
    return std::invalid_argument("invalid URL \"" + given + "\": " + why +
                                 " (expected https://HOST[:PORT] or http://HOST[:PORT])");
  };
  Endpoint endpoint;
  const auto colon = url.find("://");
  if (colon == std::string::npos) throw fail("no scheme");
  endpoint.scheme = url.substr(0, colon);
  for (auto& c : endpoint.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (endpoint.scheme != "http" && endpoint.scheme != "https")
    throw fail("the scheme must be http or https, not \"" + endpoint.scheme + "\"");
  std::string rest = url.substr(colon + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("/?#") != std::string::npos)
    throw fail("only scheme, host and port are allowed; the scenarios give the paths");
  if (rest.find('@') != std::string::npos) throw fail("user information is not supported; use --token");
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) throw fail("unclosed [ in the host");
    endpoint.host = rest.substr(1, close - 1);
    const std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw fail("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) throw fail("empty port");
    }
  } else {
    const auto port_colon = rest.find(':');
    endpoint.host = rest.substr(0, port_colon);
    if (port_colon != std::string::npos) {
      port_text = rest.substr(port_colon + 1);
      if (port_text.empty()) throw fail("empty port");
    }
  }
  if (endpoint.host.empty()) throw fail("no host");
  endpoint.port = default_port(endpoint.scheme);
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
      throw fail("bad port \"" + port_text + "\"");
    endpoint.port = static_cast<unsigned short>(value);
  }
  return endpoint;
}

}  // namespace harness::client
