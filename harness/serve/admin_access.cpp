#include "harness/serve/admin_access.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "harness/fake/host_port.hpp"
#include "harness/fake/json_text.hpp"

namespace harness::serve {
namespace {

using fake::same_letters;

fake::Response refusal(int status, const std::string& message) {
  return fake::json_response(status, fake::json_text(nlohmann::json{{"error", message}}));
}

// The host (as written: "127.0.0.1", "[::1]", "localhost") and port an authority names; nullopt when it is
// not host[:port] (userinfo, a port that is not a number, trailing garbage).
struct Authority {
  std::string host;
  unsigned long port = 0;
};
std::optional<Authority> parse_authority(std::string_view text, bool tls) {
  const auto parsed = fake::parse_host_port(text);
  if (!parsed || parsed->host.empty()) return std::nullopt;
  Authority authority;
  authority.host = parsed->host;
  authority.port = tls ? 443 : 80;
  if (parsed->port) {
    const auto port = *parsed->port;
    const auto end = port.data() + port.size();
    if (port.empty() || std::from_chars(port.data(), end, authority.port).ptr != end) return std::nullopt;
  }
  return authority;
}

bool is_loopback_name(std::string_view host) {
  return host == "127.0.0.1" || host == "[::1]" || same_letters(host, "localhost");
}

// The bound address as a Host names it: "192.168.1.5", "[fe80::1]".
std::string bound_name(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Whether an authority (a Host value, an absolute-form target's, an Origin's) names this server.
std::optional<std::string> authority_problem(std::string_view text, const AdminSettings& settings,
                                             unsigned short port) {
  const auto authority = parse_authority(text, settings.tls);
  if (!authority) return "is not host:port";
  if (authority->port != port)
    return "names port " + std::to_string(authority->port) + ", not the bound " + std::to_string(port);
  if (is_loopback_name(authority->host) || same_letters(authority->host, bound_name(settings.host)))
    return std::nullopt;
  if (!settings.token.empty()) return std::nullopt;  // the token authenticates; any name of the server goes
  return "is not 127.0.0.1, [::1] or localhost";
}

bool changes_state(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

bool is_json_media_type(const std::string* content_type) {
  if (!content_type) return false;
  std::string_view type(*content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return same_letters(type, "application/json");
}

// Constant time over the token's length: the comparison does not tell how much of a guess was right.
bool same_token(std::string_view given, std::string_view token) {
  if (given.size() != token.size()) return false;
  unsigned char differ = 0;
  for (std::size_t i = 0; i < token.size(); ++i) differ |= static_cast<unsigned char>(given[i] ^ token[i]);
  return differ == 0;
}

}  // namespace

bool is_loopback_address(const std::string& host) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

std::optional<std::string> admin_off_reason(const AdminSettings& settings) {
  if (is_loopback_address(settings.host) || !settings.token.empty()) return std::nullopt;
  return "bound to " + settings.host + ", beyond loopback, without --admin-token";
}

std::optional<fake::Response> refuse_admin_request(const fake::Request& request,
                                                   const AdminSettings& settings, unsigned short port) {
  if (port == 0) return refusal(503, "the admin API does not know its port yet");
  const std::string* host = request.header("Host");
  if (!host) return refusal(403, "the admin API answers only requests with a Host header");
  if (auto problem = authority_problem(*host, settings, port))
    return refusal(403,
                   "the admin API answers only requests for this server: Host \"" + *host + "\" " + *problem);
  if (!request.authority.empty())
    if (auto problem = authority_problem(request.authority, settings, port))
      return refusal(403, "the admin API answers only requests for this server: the target's host \"" +
                              request.authority + "\" " + *problem);
  if (!settings.token.empty()) {
    const std::string* given = request.header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (!given || given->size() < kBearer.size() ||
        !same_letters(given->substr(0, kBearer.size()), kBearer) ||
        !same_token(std::string_view(*given).substr(kBearer.size()), settings.token)) {
      auto answer = refusal(401, "the admin API needs the header Authorization: Bearer <the --admin-token>");
      answer.headers.emplace_back("WWW-Authenticate", "Bearer");
      return answer;
    }
  }
  // A page elsewhere may send a request here (a form, a fetch without preflight), though not read the
  // answer: its Origin says so. The server's own origin is its scheme and an authority that names it.
  if (const std::string* origin = request.header("Origin")) {
    const std::string scheme = settings.tls ? "https://" : "http://";
    const bool own = origin->size() > scheme.size() &&
                     same_letters(origin->substr(0, scheme.size()), scheme) &&
                     !authority_problem(std::string_view(*origin).substr(scheme.size()), settings, port);
    if (!own)
      return refusal(403, "the admin API answers no requests from another origin (Origin: " + *origin + ")");
  }
  // What a form or a fetch without preflight can send is text/plain, a form or multipart, never JSON.
  if (changes_state(request.method) && !is_json_media_type(request.header("Content-Type")))
    return refusal(
        415, "the admin API takes " + request.method + " requests only with Content-Type: application/json");
  return std::nullopt;
}

}  // namespace harness::serve
