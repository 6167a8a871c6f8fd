#include "harness/fake/intake.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/src.hpp>  // Boost.URL header-only: compiled here, once for the whole program
#include <iostream>

#include "harness/fake/endpoints.hpp"
#include "harness/fake/host_port.hpp"
#include "harness/fake/request_target.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/services.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::fake {
namespace {

namespace http = boost::beast::http;

Response refused(std::string message) {
  auto response = service_error("sdrs", 400, "HARNESS.0400", message);
  response.delivery.close_after = true;
  return response;
}

// RFC 9112 3.2: an HTTP/1.1 request has exactly one Host, whose value is uri-host [":" port] (empty is
// allowed). An HTTP/1.0 request may have none.
std::optional<Response> check_host(const WireRequest& message) {
  const auto [first, last] = message.equal_range(http::field::host);
  const auto count = std::distance(first, last);
  if (count == 0 && message.version() >= 11)
    return refused("The request has no Host header (RFC 9112, section 3.2).");
  if (count > 1)
    return refused("The request has " + std::to_string(count) + " Host headers; one is allowed.");
  if (count == 1) {
    const auto value = first->value();
    if (value.empty()) return std::nullopt;
    if (!parse_host_port({value.data(), value.size()}))
      return refused("The Host header \"" + percent_encode_invalid_utf8({value.data(), value.size()}) +
                     "\" is not host[:port].");
  }
  return std::nullopt;
}

// The fake reads chunked bodies only (Beast does), so the list of codings, over all Transfer-Encoding lines,
// must be exactly "chunked". Anything else, "gzip" or "chunked, identity", would leave the body's end unknown
// (RFC 9112 6.1: a last coding that is not chunked is a 400).
std::optional<Response> check_transfer_encoding(const WireRequest& message) {
  const auto [first, last] = message.equal_range(http::field::transfer_encoding);
  if (first == last) return std::nullopt;
  int codings = 0;
  bool only_chunked = true;
  std::string listed;
  for (auto field = first; field != last; ++field) {
    const std::string_view value(field->value().data(), field->value().size());
    listed += (listed.empty() ? "" : ", ") + std::string(value);
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string_view::npos) end = value.size();
      auto coding = value.substr(start, end - start);
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
      if (!coding.empty()) {
        ++codings;
        only_chunked = only_chunked && same_letters(coding, "chunked");
      }
      start = end + 1;
    }
  }
  if (codings == 1 && only_chunked) return std::nullopt;
  return refused("Transfer-Encoding \"" + listed + "\" is not one the fake reads: only chunked.");
}

// Origin-form ("/v1/...") is routed as it is; absolute-form ("http://host:port/v1/...", RFC 9112 3.2.2) by
// its path and query, its authority kept for the admin API's checks; "*" only with OPTIONS. Authority-form
// (CONNECT) goes on to the router, which has nothing there.
std::optional<Response> take_target(const WireRequest& message, Request& request) {
  const std::string_view target(message.target().data(), message.target().size());
  if (message.method() == http::verb::connect || (target == "*" && message.method() == http::verb::options)) {
    request.target = target;
    return std::nullopt;
  }
  auto form = origin_form(target);
  if (!form)
    return refused("The request target \"" + percent_encode_invalid_utf8(target) +
                   "\" is neither a path nor an absolute http(s) URL.");
  request.target = std::move(form->target);
  request.authority = std::move(form->authority);
  return std::nullopt;
}

Response take_checked(SharedWorld& world, const ServerOptions& options, WireRequest& message,
                      Request& request) {
  if (auto answer = check_host(message)) return std::move(*answer);
  if (auto answer = check_transfer_encoding(message)) return std::move(*answer);
  request.method = std::string(message.method_string());
  if (auto answer = take_target(message, request)) return std::move(*answer);
  request.body = std::move(message.body());
  // One allocation for the list, not one per doubling.
  request.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) request.headers.emplace_back(field.name_string(), field.value());

  if (options.front_desk)
    if (auto answer = options.front_desk(request)) return std::move(*answer);
  return world.with([&](World& w) { return serve(w, std::move(request)); });
}

}  // namespace

Response internal_error(std::string_view method, std::string_view target, std::string_view what) noexcept {
  try {
    const std::string shown = percent_encode_invalid_utf8(target);
    std::cerr << "harness fake: 500 for " << method << " " << shown << ": "
              << percent_encode_invalid_utf8(what) << std::endl;
    const std::string message = "The fake failed on this request: " + std::string(what) + ".";
    return service_error(nearest_builtin_service(shown), 500, "HARNESS.0500", message);
  } catch (...) {  // out of memory while saying so: an answer without a body still ends the request
    Response bare;
    bare.status = 500;
    return bare;
  }
}

Response take_request(SharedWorld& world, const ServerOptions& options, WireRequest& message) noexcept {
  Request request;
  try {
    return take_checked(world, options, message, request);
  } catch (const std::exception& e) {
    return internal_error(message.method_string(), message.target(), e.what());
  } catch (...) {
    return internal_error(message.method_string(), message.target(),
                          "an exception that is not std::exception");
  }
}

}  // namespace harness::fake
