#pragma once
// Test-side raw sockets: blocking Asio sockets whose every wait is bounded by poll(2), a tiny HTTP reader,
// and a scripted loopback server that runs one handler per accepted connection on its own thread.
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace test_net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Waits until `fd` is readable (data, EOF or error); false on timeout.
inline bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd pfd{fd, POLLIN, 0};
  return ::poll(&pfd, 1, static_cast<int>(timeout.count())) > 0;
}

inline tcp::socket connect_to(asio::io_context& ioc, unsigned short port) {
  tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  return socket;
}

inline void send_all(tcp::socket& socket, const std::string& data) {
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(data), ec);
}

// What one bounded read found: bytes, or how the stream ended.
struct ReadResult {
  std::size_t bytes = 0;
  boost::system::error_code ec;  // eof, connection_reset, or timed_out
};

inline ReadResult read_some_for(tcp::socket& socket, std::string& into, std::chrono::milliseconds timeout) {
  ReadResult result;
  if (!wait_readable(socket.native_handle(), timeout)) {
    result.ec = asio::error::timed_out;
    return result;
  }
  char chunk[4096];
  result.bytes = socket.read_some(asio::buffer(chunk), result.ec);
  into.append(chunk, result.bytes);
  return result;
}

// Reads until the peer closes (true) or the deadline passes (false). `ec` receives how it ended.
inline bool wait_closed(tcp::socket& socket, std::chrono::milliseconds timeout,
                        boost::system::error_code* ec = nullptr, std::string* rest = nullptr) {
  const auto deadline = Clock::now() + timeout;
  std::string sink;
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto r = read_some_for(socket, rest ? *rest : sink, left);
    if (r.ec == asio::error::timed_out) return false;
    if (r.ec) {
      if (ec) *ec = r.ec;
      return true;
    }
  }
  return false;
}

// A request or response read from the wire: the head and a Content-Length body.
struct Message {
  std::string start_line;
  std::string head;  // start line and headers, without the blank line
  std::string body;
  int status = 0;  // responses only

  std::optional<std::string> header(const std::string& name) const {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
      auto end = head.find("\r\n", pos + 2);
      auto line = head.substr(pos + 2, end == std::string::npos ? std::string::npos : end - pos - 2);
      auto colon = line.find(':');
      if (colon != std::string::npos && colon == name.size() &&
          std::equal(name.begin(), name.end(), line.begin(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        return value;
      }
      pos = end;
    }
    return std::nullopt;
  }
};

// Reads one message (head plus Content-Length body); nullopt on timeout or when the stream ends first (then
// `*ended` is set). Bytes past the message, or of a message not complete yet, stay in `buffer` for the next
// call.
inline std::optional<Message> read_message(tcp::socket& socket, std::string& buffer,
                                           std::chrono::milliseconds timeout = 2000ms,
                                           bool* ended = nullptr) {
  const auto deadline = Clock::now() + timeout;
  auto read_more = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    auto r = read_some_for(socket, buffer, left);
    if (r.ec && r.ec != asio::error::timed_out && ended) *ended = true;
    return !r.ec;
  };
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos)
    if (!read_more()) return std::nullopt;
  Message message;
  message.head = buffer.substr(0, end);
  message.start_line = message.head.substr(0, message.head.find("\r\n"));
  if (message.start_line.rfind("HTTP/", 0) == 0 && message.start_line.size() >= 12)
    message.status = std::atoi(message.start_line.c_str() + 9);
  std::size_t length = 0;
  if (auto value = message.header("Content-Length")) length = std::stoul(*value);
  while (buffer.size() < end + 4 + length)
    if (!read_more()) return std::nullopt;
  message.body = buffer.substr(end + 4, length);
  buffer.erase(0, end + 4 + length);
  return message;
}

// Closes with RST instead of FIN.
inline void reset(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

// A loopback server that accepts connections on an ephemeral port and hands each one to `handler` in turn, on
// its own thread. Every wait is bounded; the destructor stops accepting and joins.
class ScriptedServer {
 public:
  using Handler = std::function<void(tcp::socket&, ScriptedServer&)>;

  explicit ScriptedServer(Handler handler) : handler_(std::move(handler)), acceptor_(ioc_) {
    tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), 0};
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stopping_ = true;
    thread_.join();
  }

  unsigned short port() const { return port_; }
  int connections() const { return connections_; }
  bool stopping() const { return stopping_; }
  // The next request on `socket`; nullopt when the peer closed, the test is ending, or `limit` passed.
  std::optional<Message> next_request(tcp::socket& socket, std::string& buffer,
                                      std::chrono::milliseconds limit = 5000ms) const {
    const auto deadline = Clock::now() + limit;
    bool ended = false;
    while (!stopping_ && !ended && Clock::now() < deadline)
      if (auto message = read_message(socket, buffer, 20ms, &ended)) return message;
    return std::nullopt;
  }
  // Sleeps until the test ends or `limit` passes: a handler that "hangs".
  void hang(std::chrono::milliseconds limit = 5000ms) const {
    const auto deadline = Clock::now() + limit;
    while (!stopping_ && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  }

 private:
  void serve() {
    while (!stopping_) {
      if (!wait_readable(acceptor_.native_handle(), 20ms)) continue;
      boost::system::error_code ec;
      tcp::socket socket(ioc_);
      acceptor_.accept(socket, ec);
      if (ec) continue;
      ++connections_;
      handler_(socket, *this);
    }
  }

  Handler handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace test_net
