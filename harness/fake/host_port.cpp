#include "harness/fake/host_port.hpp"

#include <boost/url/grammar/parse.hpp>
#include <boost/url/rfc/ipv6_address_rule.hpp>
#include <cctype>

namespace harness::fake {
namespace {

// reg-name = *( unreserved / pct-encoded / sub-delims ) (RFC 3986 3.2.2); IPv4 addresses are of this shape.
bool is_reg_name(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) ||
        std::string_view("-._~!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos)
      continue;
    if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

bool is_digits(std::string_view text) {
  for (const char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

bool same_letters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::optional<HostPort> parse_host_port(std::string_view text) {
  HostPort parsed;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {  // IP-literal: an IPv6 address (IPvFuture is not taken)
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto inside = text.substr(1, close - 1);
    if (!boost::urls::grammar::parse({inside.data(), inside.size()}, boost::urls::ipv6_address_rule))
      return std::nullopt;
    parsed.host = text.substr(0, close + 1);
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.find(':');
    parsed.host = text.substr(0, colon);
    if (!is_reg_name(parsed.host)) return std::nullopt;
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
  }
  if (rest.empty()) return parsed;
  if (rest.front() != ':' || !is_digits(rest.substr(1))) return std::nullopt;
  parsed.port = rest.substr(1);
  return parsed;
}

}  // namespace harness::fake
