#pragma once
// One client connection of the fake server (Beast's do_x / on_x shape), over plain TCP or TLS. Private to
// harness/fake.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <optional>
#include <type_traits>

#include "harness/fake/http_message.hpp"
#include "harness/fake/server.hpp"

namespace harness::fake {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// What the server holds of a session, whatever its stream.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void run() = 0;
  virtual void close() = 0;  // from the server's thread, on stop
};

// Stream: PlainStream or TlsStream (explicitly instantiated in session.cpp). A TLS session shakes hands
// first; from then on both behave the same, faults included: a reset resets the TCP connection under TLS too,
// and a close sends TLS's close_notify before the TCP FIN, so a client reads the same orderly end of stream.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, PlainStream>;

  Session(Stream stream, SharedWorld& world, const ServerOptions& options);
  void run() override;
  void close() override;

 private:
  boost::asio::ip::tcp::socket& socket() { return boost::beast::get_lowest_layer(stream_).socket(); }
  void expires_after(std::chrono::milliseconds timeout) {
    boost::beast::get_lowest_layer(stream_).expires_after(timeout);
  }
  void do_handshake();
  void start();
  void wait_for_request();
  void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
  void read_request();
  void watch_header_deadline();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void hand_over(std::shared_ptr<HandlerCall> call, bool keep_alive);
  void build_message(Response& response, bool keep_alive);
  void respond(Response response, bool keep_alive);
  void drip(std::size_t sent, Delivery delivery, bool keep_alive);
  void hang();
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void do_close();
  void close_socket();

  Stream stream_;
  boost::asio::steady_timer timer_;  // fault delays and drips
  // The header deadline, on its own timer so that a late header can still be answered 408 (the stream's
  // own timeout closes the socket). It is re-armed only when it fires, at most once per header_timeout, so
  // a request costs a clock read, not a timer operation.
  boost::asio::steady_timer deadline_;
  std::chrono::steady_clock::time_point header_due_;
  bool awaiting_header_ = false;  // a request's first bytes are in, its header is not complete
  bool header_late_ = false;      // the deadline cancelled the read
  boost::beast::flat_buffer buffer_;
  std::string head_;           // a normal answer's status line and fields
  bool head_request_ = false;  // a HEAD is answered with the head alone (RFC 9110 9.3.2)
  std::string raw_;            // a bent delivery's bytes
  char scratch_[512];
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
  SharedWorld& world_;
  const ServerOptions& options_;
};

extern template class Session<PlainStream>;
extern template class Session<TlsStream>;

}  // namespace harness::fake
