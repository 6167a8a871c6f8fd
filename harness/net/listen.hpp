#pragma once
// Opens a listening socket the way every server of the harness does (the fake, the recording proxy).
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace harness::net {

// Opens, binds (reusing the address) and listens on host:port (port 0: any free one) and returns the bound
// port. Throws std::runtime_error "WHO: invalid host ..." or "WHO: cannot listen on HOST:PORT: ...".
unsigned short listen_on(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host,
                         unsigned short port, const std::string& who);

}  // namespace harness::net
