#pragma once
// RFC 9112's Host value, uri-host [":" port], read by hand: Boost.URL 1.81's parse_authority refuses a
// reg-name that starts like an IPv4 address ("127.0.0.1.evil.com"), which is valid and is exactly the shape
// the admin API's checks must see.
#include <optional>
#include <string_view>

namespace harness::fake {

struct HostPort {
  std::string_view host;  // as written: "127.0.0.1", "[::1]", "LocalHost", "" for an empty value
  std::optional<std::string_view> port;  // the digits after ':' (possibly none: "host:")
};

// ASCII letters compared without case, as header values and host names are.
bool same_letters(std::string_view a, std::string_view b);

// nullopt when `text` is not uri-host [":" port]: userinfo, a second ':', a space, a bad IP literal.
std::optional<HostPort> parse_host_port(std::string_view text);

}  // namespace harness::fake
