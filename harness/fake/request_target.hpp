#pragma once
// A request target in the form the router reads (RFC 9112 3.2): origin-form ("/v1/...?q") as it is, and
// absolute-form ("http://host:port/v1/...?q", what a client sends through a forward proxy) as its path and
// query, with its authority apart. The fake's intake and the recording proxy both read targets this way.
#include <optional>
#include <string>
#include <string_view>

namespace harness::fake {

struct OriginForm {
  std::string target;     // "/v1/p/jobs/j?x=1": "/" when an absolute URL has no path
  std::string authority;  // "host:port" of an absolute-form target; empty for origin-form
};

// nullopt: neither a path nor an absolute http(s) URL with a host and no user info.
std::optional<OriginForm> origin_form(std::string_view target);

}  // namespace harness::fake
