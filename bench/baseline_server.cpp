// The benchmark's baseline: the least an HTTP/1.1 keep-alive server on Beast can do to answer a job-status
// poll.
//
// One thread, one io_context, Beast's async_read/async_write per connection, and the same response for every
// request: a fixed JSON body held in memory, with the headers `harness serve` sends (Content-Type, Server,
// Content-Length, keep-alive). No routing, no world, no journal, no lock. bench/run.sh measures `harness
// serve` next to it; the ratio of the two is the price of everything the fake does on top of HTTP.
//
//   baseline_server [--host H] [--port P] [--body-file FILE]
//
// Prints `baseline: listening on http://HOST:PORT` as its first stdout line (port 0 picks a free port), and
// stops on SIGTERM or SIGINT.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A terminal SDRS job as `harness serve` renders it; run.sh passes the fake's own body with --body-file so
// the two servers send the same number of bytes.
std::string body =
    R"({"status":"SUCCESS","entities":{"server_group_id":"00000000-0000-4000-8000-000000000001"},)"
    R"("job_id":"00000000000000000000000000000001","job_type":"createProtectionGroupNoCG",)"
    R"("begin_time":"2026-01-01T00:00:00.000Z","end_time":"2026-01-01T00:00:02.000Z",)"
    R"("error_code":null,"fail_reason":null})";

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}

  void run() { do_read(); }

 private:
  void do_read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return do_close();
    response_.emplace(http::status::ok, request_.version());
    response_->set(http::field::content_type, "application/json");
    response_->set(http::field::server, "harness-baseline");
    response_->body() = http::span_body<const char>::value_type(body.data(), body.size());
    response_->keep_alive(request_.keep_alive());
    response_->prepare_payload();
    http::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !response_->keep_alive()) return do_close();
    do_read();
  }

  void do_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::optional<http::response<http::span_body<const char>>> response_;
};

void do_accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket))->run();
    }
    do_accept(acceptor);
  });
}

[[noreturn]] void usage(const char* problem) {
  std::cerr << "baseline_server: " << problem
            << "\nusage: baseline_server [--host H] [--port P] [--body-file FILE]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(("missing value for " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--host") {
      host = value;
    } else if (arg == "--port") {
      port = static_cast<unsigned short>(std::stoul(value));
    } else if (arg == "--body-file") {
      std::ifstream file(value, std::ios::binary);
      if (!file) usage(("cannot read " + value).c_str());
      std::ostringstream text;
      text << file.rdbuf();
      body = text.str();
    } else {
      usage(("unknown option " + arg).c_str());
    }
  }

  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  const tcp::endpoint endpoint{asio::ip::make_address(host), port};
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::cout << "baseline: listening on http://" << host << ":" << acceptor.local_endpoint().port()
            << std::endl;

  asio::signal_set signals{ioc, SIGTERM, SIGINT};
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  do_accept(acceptor);
  ioc.run();
  return 0;
}
