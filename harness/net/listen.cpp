#include "harness/net/listen.hpp"

#include <stdexcept>

namespace harness::net {

unsigned short listen_on(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host,
                         unsigned short port, const std::string& who) {
  namespace asio = boost::asio;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error(who + ": invalid host \"" + host + "\": " + ec.message());
  asio::ip::tcp::endpoint endpoint{address, port};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error(who + ": cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  return acceptor.local_endpoint().port();
}

}  // namespace harness::net
