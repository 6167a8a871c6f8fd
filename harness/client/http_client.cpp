#include "harness/client/http_client.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace harness::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string Endpoint::url() const {
  return scheme + "://" + host + ":" + std::to_string(port);
}

namespace {

TransportError classify(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return TransportError::timeout;
  if (ec == asio::error::connection_refused) return TransportError::refused;
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) return TransportError::reset;
  if (ec == http::error::end_of_stream || ec == asio::error::eof) return TransportError::closed;
  if (ec == http::error::partial_message) return TransportError::truncated;
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again)
    return TransportError::resolve;
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    return TransportError::protocol;
  return TransportError::other;
}

}  // namespace

struct HttpClient::Impl {
  asio::io_context ioc{1};
  std::optional<beast::tcp_stream> stream;

  // Runs the queued operation to completion on this thread.
  void run() {
    ioc.restart();
    ioc.run();
  }

  // A kept-alive connection the server has closed (or written to unasked) must not be reused.
  bool stale() {
    int fd = stream->socket().native_handle();
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 0) <= 0) return false;
    char byte;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != -1 || errno != EAGAIN;
  }

  void close() {
    if (!stream) return;
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->socket().close(ignored);
    stream.reset();
  }

  beast::error_code connect(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
    if (stream && stale()) close();
    if (stream) return {};
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec) return ec;
    stream.emplace(ioc);
    stream->expires_after(timeout);
    stream->async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (!ec) stream->socket().set_option(tcp::no_delay(true), ec);
    if (ec) close();
    return ec;
  }
};

HttpClient::HttpClient(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() {
  impl_->close();
}

Exchange HttpClient::send(const Request& request) {
  Exchange exchange;
  exchange.method = request.method;
  exchange.url = endpoint_.url() + request.target;
  exchange.target = request.target;
  exchange.request_body = request.body;
  const auto started = std::chrono::steady_clock::now();
  auto finish = [&](beast::error_code ec, const std::string& what) {
    exchange.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (ec) {
      exchange.error = classify(ec);
      exchange.error_message = what + ": " + ec.message();
      impl_->close();
    }
    return exchange;
  };

  http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
  if (message.method() == http::verb::unknown) message.method_string(request.method);
  message.set(http::field::host, endpoint_.host + ":" + std::to_string(endpoint_.port));
  message.set(http::field::user_agent, "harness/" HARNESS_VERSION);
  for (const auto& [name, value] : options_.default_headers) message.set(name, value);
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  if (!request.body.empty() || message.method() == http::verb::post || message.method() == http::verb::put)
    message.prepare_payload();
  message.keep_alive(true);
  for (const auto& field : message) exchange.request_headers.emplace_back(field.name_string(), field.value());

  if (auto ec = impl_->connect(endpoint_, options_.connect_timeout)) {
    auto ms = std::to_string(options_.connect_timeout.count());
    return finish(ec, ec == beast::error::timeout ? "connect timed out after " + ms + " ms" : "connect");
  }

  const auto read_timeout = request.read_timeout.value_or(options_.read_timeout);
  const auto timeout_text = "timed out after " + std::to_string(read_timeout.count()) + " ms";
  beast::error_code ec;
  impl_->stream->expires_after(read_timeout);
  http::async_write(*impl_->stream, message, [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->run();
  // A server may answer early (413, 401) and close while the request is still being sent; its unread bytes
  // make the kernel reset the connection. The answer is usually already in our receive buffer, so look for it
  // before reporting the failed write.
  const beast::error_code write_ec = ec;
  const bool early_answer_possible =
      write_ec == asio::error::connection_reset || write_ec == asio::error::broken_pipe;
  if (write_ec && !early_answer_possible)
    return finish(write_ec, write_ec == beast::error::timeout ? "write " + timeout_text : "write");

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.response_body_limit);
  // A HEAD answer carries the GET's Content-Length but no body: without skip() the read waits for the body.
  if (message.method() == http::verb::head) parser.skip(true);
  http::async_read(*impl_->stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->run();

  if (parser.is_header_done()) {  // keep what did arrive, even when the body did not
    const auto& response = parser.get();
    exchange.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
      exchange.response_headers.emplace_back(field.name_string(), field.value());
    exchange.response_body = response.body();
    if (!ec && (write_ec || !response.keep_alive())) impl_->close();
  } else if (write_ec) {
    return finish(write_ec, "write");  // no early answer: the write's failure is the story
  }
  if (ec) return finish(ec, ec == beast::error::timeout ? "read " + timeout_text : "read");
  return finish({}, "");
}

}  // namespace harness::client
