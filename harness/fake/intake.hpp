#pragma once
// One parsed HTTP request in, the fake's answer out, without a socket: the checks RFC 9112 asks of a server
// (one valid Host, a Transfer-Encoding the fake can read, a target it can route), the conversion to
// fake::Request, the front desk (the admin API) and serve(), and the guard that turns any exception into a
// 500 with the service's error body. Session::on_read calls it; a test or a fuzzer can call it on a message
// Beast's request_parser produced from any bytes.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

#include "harness/fake/http_message.hpp"
#include "harness/fake/server.hpp"

namespace harness::fake {

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Never throws. Moves the body out of `message`. A request the checks refuse gets 400 with
// response.delivery.close_after set: the connection must close after the answer, since its framing cannot be
// trusted.
Response take_request(SharedWorld& world, const ServerOptions& options, WireRequest& message) noexcept;

// The answer to an exception met while serving `target`: 500 with the error body of the service the path
// belongs to (KPS's flat one under /v3/, the nested one elsewhere); `what` is logged to stderr.
Response internal_error(std::string_view method, std::string_view target, std::string_view what) noexcept;

}  // namespace harness::fake
