#pragma once
// One client connection of the fake server (Beast's do_x / on_x shape). Private to harness/fake.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "harness/fake/http_message.hpp"
#include "harness/fake/server.hpp"

namespace harness::fake {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, SharedWorld& world, const ServerOptions& options);
  void run();
  void close();  // from the server's thread, on stop

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void respond(Response response, bool keep_alive);
  void drip(std::size_t sent, Delivery delivery, bool keep_alive);
  void hang();
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void do_close();

  boost::beast::tcp_stream stream_;
  boost::asio::steady_timer timer_;  // fault delays and drips
  boost::beast::flat_buffer buffer_;
  std::string raw_;  // a bent delivery's bytes
  char scratch_[512];
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
  SharedWorld& world_;
  const ServerOptions& options_;
};

}  // namespace harness::fake
