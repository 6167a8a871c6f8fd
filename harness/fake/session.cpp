#include "harness/fake/session.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <sstream>
#include <utility>

#include "harness/fake/intake.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/services.hpp"

namespace harness::fake {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// What Beast's serializer writes before the body (basic_fields::writer): "HTTP/1.1 ### <reason>\r\n", each
// field as "<name>: <value>\r\n" in the message's order, then "\r\n". `out` keeps its capacity across
// requests.
void format_head(const http::response<http::string_body>& response, std::string& out) {
  const unsigned code = response.result_int();
  out.assign("HTTP/1.1 ");
  out += static_cast<char>('0' + code / 100);  // three digits, whatever the code, as Beast does
  out += static_cast<char>('0' + (code / 10) % 10);
  out += static_cast<char>('0' + code % 10);
  out += ' ';
  const auto reason = response.reason();
  out.append(reason.data(), reason.size()).append("\r\n");
  for (const auto& field : response) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size()).append(": ").append(value.data(), value.size()).append("\r\n");
  }
  out.append("\r\n");
}

}  // namespace

template <typename Stream>
Session<Stream>::Session(Stream stream, SharedWorld& world, const ServerOptions& options)
    : stream_(std::move(stream)),
      timer_(stream_.get_executor()),
      deadline_(stream_.get_executor()),
      world_(world),
      options_(options) {}

template <typename Stream>
void Session<Stream>::run() {
  boost::asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (kTls)
      self->do_handshake();
    else
      self->start();
  });
}

template <typename Stream>
void Session<Stream>::close() {
  timer_.cancel();
  deadline_.cancel();
  beast::error_code ignored;
  socket().close(ignored);
}

template <typename Stream>
void Session<Stream>::do_handshake() {
  if constexpr (kTls) {
    expires_after(options_.read_timeout);
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              if (ec) return self->close_socket();  // not TLS, or a certificate refused
                              self->start();
                            });
  }
}

template <typename Stream>
void Session<Stream>::start() {
  watch_header_deadline();
  wait_for_request();
}

// Idle: wait for the first bytes of the next request (unless a pipelined one is already buffered). No byte
// within idle_timeout, or the peer's end of stream, closes quietly.
template <typename Stream>
void Session<Stream>::wait_for_request() {
  if (buffer_.size() > 0) return read_request();
  expires_after(options_.idle_timeout);
  // 1 KB holds a usual request head; a larger one grows the buffer as Beast's read goes on. (4 KB for each of
  // bench/run.sh's 32 connections was ~0.1 MB of the fake's peak.)
  stream_.async_read_some(buffer_.prepare(1024),
                          beast::bind_front_handler(&Session::on_first_bytes, this->shared_from_this()));
}

template <typename Stream>
void Session<Stream>::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec) return do_close();
  buffer_.commit(bytes);
  read_request();
}

template <typename Stream>
void Session<Stream>::read_request() {
  parser_.emplace();
  parser_->body_limit(options_.body_limit);
  parser_->header_limit(16 * 1024);
  header_due_ = std::chrono::steady_clock::now() + options_.header_timeout;
  awaiting_header_ = true;
  expires_after(options_.read_timeout);  // the whole request; the header's own deadline is deadline_'s
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
}

// Fires at the due time of the header being read, or header_timeout from now when none is; a header still
// incomplete at its due time cancels the read, and on_read answers 408. A later request's due time is never
// earlier than the timer's expiry, so the timer need not be re-armed per request.
template <typename Stream>
void Session<Stream>::watch_header_deadline() {
  const auto now = std::chrono::steady_clock::now();
  const bool reading_header = awaiting_header_ && parser_ && !parser_->is_header_done();
  deadline_.expires_at(reading_header && header_due_ > now ? header_due_ : now + options_.header_timeout);
  deadline_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || !self->socket().is_open()) return;
    if (self->awaiting_header_ && self->parser_ && !self->parser_->is_header_done() &&
        std::chrono::steady_clock::now() >= self->header_due_) {
      self->header_late_ = true;
      beast::get_lowest_layer(self->stream_).cancel();
      return;
    }
    self->watch_header_deadline();
  });
}

template <typename Stream>
void Session<Stream>::on_read(beast::error_code ec, std::size_t) {
  awaiting_header_ = false;
  if (ec && std::exchange(header_late_, false))
    return respond(service_error("sdrs", 408, "HARNESS.0408",
                                 "The request header did not arrive within " +
                                     std::to_string(options_.header_timeout.count()) + " ms."),
                   false);
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted)
    return do_close();
  if (ec == http::error::body_limit)
    return respond(
        service_error("sdrs", 413, "HARNESS.0413", "The request body is larger than the fake accepts."),
        false);
  if (ec == http::error::header_limit)
    return respond(service_error("sdrs", 431, "HARNESS.0431", "The request headers are too large."), false);
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    // Anything the HTTP parser rejects is the client's fault: answer 400 and drop the connection.
    return respond(
        service_error("sdrs", 400, "HARNESS.0400", "Malformed HTTP request: " + ec.message() + "."), false);
  if (ec) return do_close();

  auto& message = parser_->get();
  head_request_ = message.method() == http::verb::head;
  const bool keep_alive = message.keep_alive();
  // take_request never throws: whatever the request holds, an exception becomes a 500 there.
  auto response = take_request(world_, options_, message);
  if (response.handler_call) return hand_over(std::move(response.handler_call), keep_alive);
  respond(std::move(response), keep_alive);
}

// A Lua function answers on the scenario's thread; its answer comes back to this session's thread. Meanwhile
// the session reads nothing (a pipelined request waits in the buffer) and only its header deadline ticks.
template <typename Stream>
void Session<Stream>::hand_over(std::shared_ptr<HandlerCall> call, bool keep_alive) {
  world_.desk().submit(std::move(call), [self = this->shared_from_this(),
                                         keep_alive](Response answer) mutable {
    auto executor = self->stream_.get_executor();
    boost::asio::post(executor, [self = std::move(self), answer = std::move(answer), keep_alive]() mutable {
      if (self->socket().is_open()) self->respond(std::move(answer), keep_alive);
    });
  });
}

template <typename Stream>
void Session<Stream>::respond(Response response, bool keep_alive) {
  if (response.delivery.delay.count() > 0) {  // a fault's delay: answer late, whatever else it does
    auto delay = std::exchange(response.delivery.delay, std::chrono::milliseconds(0));
    timer_.expires_after(delay);
    timer_.async_wait([self = this->shared_from_this(), response = std::move(response),
                       keep_alive](beast::error_code ec) mutable {
      if (!ec) self->respond(std::move(response), keep_alive);
    });
    return;
  }
  using Mode = Delivery::Mode;
  const auto delivery = response.delivery;
  if (delivery.mode == Mode::reset) {  // under TLS too: the TCP connection is reset, no close_notify
    deadline_.cancel();
    beast::error_code ignored;
    socket().set_option(boost::asio::socket_base::linger(true, 0),
                        ignored);  // close() then sends RST
    socket().close(ignored);
    return;
  }
  if (delivery.mode == Mode::close) return do_close();

  keep_alive = keep_alive && !delivery.close_after;
  try {
    build_message(response, keep_alive);
  } catch (const std::exception& e) {  // the headers come from scenarios' faults: nothing may stop the server
    auto fallback = internal_error("(answer)", "", e.what());
    build_message(fallback, false);
    keep_alive = false;
  }
  expires_after(options_.write_timeout);
  if (delivery.mode == Mode::normal) {
    // The head is formatted here and sent with the body in one gathered write: Beast's serializer walks a
    // buffers_cat_view over every field, which cost about a third of the fake's instructions per request.
    // The bytes are the same as Beast writes (format_head).
    format_head(*response_, head_);
    const std::array<boost::asio::const_buffer, 2> buffers{
        boost::asio::buffer(head_),
        boost::asio::buffer(response_->body().data(), head_request_ ? 0 : response_->body().size())};
    boost::asio::async_write(
        stream_, buffers,
        beast::bind_front_handler(&Session::on_write, this->shared_from_this(), keep_alive));
    return;
  }
  // The bent deliveries write the serialised message, or part of it, as raw bytes.
  std::ostringstream text;
  text << *response_;
  raw_ = text.str();
  const std::size_t header_size = raw_.size() - response_->body().size();
  if (delivery.mode == Mode::hang) raw_.resize(header_size);
  if (delivery.mode == Mode::truncate) raw_.resize(header_size + delivery.truncate_at);
  if (delivery.mode == Mode::drip) return drip(0, delivery, keep_alive);
  boost::asio::async_write(stream_, boost::asio::buffer(raw_),
                           [self = this->shared_from_this(), hang = delivery.mode == Mode::hang](
                               beast::error_code e, std::size_t) {
                             if (e || !hang) return self->do_close();
                             self->hang();
                           });
}

template <typename Stream>
void Session<Stream>::build_message(Response& response, bool keep_alive) {
  using Mode = Delivery::Mode;
  const auto mode = response.delivery.mode;
  response_.emplace(static_cast<http::status>(response.status), 11);
  for (const auto& [name, value] : response.headers) response_->set(name, value);
  if (response_->find(http::field::content_type) == response_->end())
    response_->set(http::field::content_type, "application/json");
  response_->set(http::field::server, "harness-fake");
  response_->body() = std::move(response.body);
  // A 1xx, 204 or 304 cannot carry a body: Beast's prepare_payload would throw on this server's thread.
  if (response.status < 200 || response.status == 204 || response.status == 304) response_->body().clear();
  response_->keep_alive(keep_alive && mode != Mode::truncate && mode != Mode::hang);
  response_->prepare_payload();
}

template <typename Stream>
void Session<Stream>::drip(std::size_t sent, Delivery delivery, bool keep_alive) {
  if (sent >= raw_.size()) {
    if (!keep_alive) return do_close();
    return wait_for_request();
  }
  const std::size_t size = std::min(delivery.drip_bytes, raw_.size() - sent);
  expires_after(options_.write_timeout);  // per chunk: a long drip is not cut by one overall deadline
  boost::asio::async_write(
      stream_, boost::asio::buffer(raw_.data() + sent, size),
      [self = this->shared_from_this(), sent, size, delivery, keep_alive](beast::error_code ec, std::size_t) {
        if (ec) return self->do_close();
        self->timer_.expires_after(delivery.drip_interval);
        self->timer_.async_wait([self, sent, size, delivery, keep_alive](beast::error_code e) {
          if (!e) self->drip(sent + size, delivery, keep_alive);
        });
      });
}

// Headers sent, body withheld: wait until the client gives up (or the read timeout), then close.
template <typename Stream>
void Session<Stream>::hang() {
  expires_after(options_.read_timeout);
  stream_.async_read_some(boost::asio::buffer(scratch_),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            if (!ec) return self->hang();
                            self->do_close();
                          });
}

template <typename Stream>
void Session<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive) return do_close();
  wait_for_request();
}

// TLS first says close_notify (waiting at most a second for the client's), so a client sees the same orderly
// end of stream as over plain TCP; then the TCP shutdown and close.
template <typename Stream>
void Session<Stream>::do_close() {
  if constexpr (kTls) {
    if (!socket().is_open()) return;
    timer_.cancel();
    expires_after(std::chrono::milliseconds(1000));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_socket(); });
  } else {
    close_socket();
  }
}

template <typename Stream>
void Session<Stream>::close_socket() {
  deadline_.cancel();
  beast::error_code ignored;
  socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  socket().close(ignored);
}

template class Session<PlainStream>;
template class Session<TlsStream>;

}  // namespace harness::fake
