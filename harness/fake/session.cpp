#include "harness/fake/session.hpp"

#include <boost/asio/dispatch.hpp>

#include "harness/fake/router.hpp"

namespace harness::fake {

namespace beast = boost::beast;
namespace http = beast::http;

Session::Session(boost::asio::ip::tcp::socket socket, SharedWorld& world, const ServerOptions& options)
    : stream_(std::move(socket)), world_(world), options_(options) {}

void Session::run() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void Session::close() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void Session::do_read() {
  parser_.emplace();
  parser_->body_limit(options_.body_limit);
  parser_->header_limit(16 * 1024);
  stream_.expires_after(options_.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted)
    return do_close();
  if (ec == http::error::body_limit)
    return respond(
        413, {}, nested_error(413, "HARNESS.0413", "The request body is larger than the fake accepts.").body,
        false);
  if (ec == http::error::header_limit)
    return respond(431, {}, nested_error(431, "HARNESS.0431", "The request headers are too large.").body,
                   false);
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    // Anything the HTTP parser rejects is the client's fault: answer 400 and drop the connection.
    return respond(400, {},
                   nested_error(400, "HARNESS.0400", "Malformed HTTP request: " + ec.message() + ".").body,
                   false);
  if (ec) return do_close();

  auto& message = parser_->get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.body = std::move(message.body());
  for (const auto& field : message) request.headers.emplace_back(field.name_string(), field.value());

  Response response = world_.with([&](World& world) { return route(world, request); });
  http::fields extra;
  for (const auto& [name, value] : response.headers) extra.insert(name, value);
  respond(response.status, std::move(extra), std::move(response.body), message.keep_alive());
}

void Session::respond(int status, http::fields extra, std::string body, bool keep_alive) {
  response_.emplace(static_cast<http::status>(status), 11);
  for (const auto& field : extra) response_->set(field.name_string(), field.value());
  if (response_->find(http::field::content_type) == response_->end())
    response_->set(http::field::content_type, "application/json");
  response_->set(http::field::server, "harness-fake");
  response_->body() = std::move(body);
  response_->keep_alive(keep_alive);
  response_->prepare_payload();
  stream_.expires_after(options_.write_timeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
}

void Session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive) return do_close();
  do_read();
}

void Session::do_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace harness::fake
