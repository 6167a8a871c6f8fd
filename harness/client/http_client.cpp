#include "harness/client/http_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <stdexcept>

#include "harness/net/interrupt.hpp"

namespace harness::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool is_tls_error(const beast::error_code& ec) {
  return ec.category() == asio::error::get_ssl_category() ||
         ec.category() == ssl::error::make_error_code(ssl::error::stream_truncated).category();
}

TransportError classify(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return TransportError::timeout;
  if (ec == asio::error::connection_refused) return TransportError::refused;
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) return TransportError::reset;
  if (ec == http::error::end_of_stream || ec == asio::error::eof) return TransportError::closed;
  if (ec == http::error::partial_message) return TransportError::truncated;
  // TCP closed without TLS's close_notify: the stream ended (before any answer, or inside one: see send()).
  if (ec == ssl::error::stream_truncated) return TransportError::closed;
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again)
    return TransportError::resolve;
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    return TransportError::protocol;
  if (is_tls_error(ec)) return TransportError::tls;
  return TransportError::other;
}

// OpenSSL's reason ("certificate verify failed"), and why the certificate was refused when it was.
std::string tls_message(const beast::error_code& ec, SSL* handle) {
  std::string text;
  if (ec.category() == asio::error::get_ssl_category()) {
    const char* reason = ::ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    text = reason ? reason : ec.message();
  } else {
    text = ec.message();
  }
  if (handle) {
    const long verify = ::SSL_get_verify_result(handle);
    if (verify != X509_V_OK) text += std::string(" (") + ::X509_verify_cert_error_string(verify) + ")";
  }
  return text;
}

using TlsStream = beast::ssl_stream<tcp::socket>;
using Clock = std::chrono::steady_clock;

// How often a wait looks at the interrupt flag: a case blocked on a slow server stops this soon after a
// signal.
constexpr std::chrono::milliseconds kInterruptPoll{20};

}  // namespace

struct HttpClient::Impl {
  asio::io_context ioc{1};
  std::unique_ptr<ssl::context> tls_context;  // scheme https only
  // At most one is open; the same code drives either (with_stream).
  std::optional<tcp::socket> plain;
  std::optional<TlsStream> tls;
  beast::flat_buffer buffer;  // the responses' bytes, kept between exchanges so its memory is reused
  bool interrupted = false;   // the last run() was cut short by SIGINT/SIGTERM
  bool timed_out = false;     // the last run() reached its deadline

  Impl(const Endpoint& endpoint, const ClientOptions& options) {
    if (endpoint.scheme == "http") return;
    if (endpoint.scheme != "https")
      throw std::invalid_argument("unknown URL scheme \"" + endpoint.scheme + "\": expected http or https");
    tls_context = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls_context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls_context->set_default_verify_paths(ec);  // the system CA store; a missing one just verifies nothing
    if (!options.ca_file.empty()) {
      tls_context->load_verify_file(options.ca_file, ec);
      if (ec)
        throw std::runtime_error("cannot load the CA file " + options.ca_file + ": " +
                                 tls_message(ec, nullptr));
    }
    tls_context->set_verify_mode(options.insecure ? ssl::verify_none : ssl::verify_peer);
  }

  bool is_open() const { return plain.has_value() || tls.has_value(); }
  tcp::socket& socket() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  template <typename F>
  void with_stream(F&& f) {
    if (tls)
      f(*tls);
    else
      f(*plain);
  }

  // Runs the queued operation until its handler sets `done`. One deadline for the whole step instead of a
  // timer per read and write (what beast::tcp_stream arms): the wait itself is bounded by it, so a step
  // that ends in time touches no timer at all. At the deadline, or soon after SIGINT/SIGTERM
  // (net::interrupted), the socket is closed under the operation, which then ends with an error that
  // outcome() reads as the timeout it was. Work post()ed by other threads runs while it waits.
  void run(const bool& done, Clock::time_point deadline) {
    ioc.restart();
    timed_out = false;
    bool cut_off = false;
    while (!done && !ioc.stopped()) {
      if (cut_off) {  // the closed socket's handlers are on their way
        ioc.run_one();
        continue;
      }
      const auto now = Clock::now();
      if (now >= deadline)
        timed_out = cut_off = true;
      else if (!interrupted && net::interrupted())
        interrupted = cut_off = true;
      if (cut_off) {
        beast::error_code ignored;
        socket().close(ignored);
        continue;
      }
      ioc.run_one_until(std::min(deadline, now + kInterruptPoll));
    }
  }
  // An operation's error as the caller words it: cut off at the deadline, it timed out.
  beast::error_code outcome(beast::error_code ec) const {
    return ec && timed_out ? beast::error_code(beast::error::timeout) : ec;
  }

  // A kept-alive connection the server has closed (or written to unasked) must not be reused. Over TLS the
  // session tickets a server sends after the handshake were read with the first answer, so any byte here is
  // as telling as it is in plain HTTP.
  bool stale() {
    int fd = socket().native_handle();
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 0) <= 0) return false;
    char byte;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != -1 || errno != EAGAIN;
  }

  void close() {
    if (!is_open()) return;
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
    tls.reset();
    plain.reset();
  }

  struct ConnectFailure {
    beast::error_code ec;
    std::string what;                             // how finish() words it
    TransportError error = TransportError::none;  // set when not classify(ec)
  };

  std::optional<ConnectFailure> connect(const Endpoint& endpoint, const ClientOptions& options) {
    const auto timeout = options.connect_timeout;
    const auto ms = std::to_string(timeout.count());
    if (is_open() && stale()) close();
    if (is_open()) return std::nullopt;
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec) return ConnectFailure{ec, "connect", {}};
    if (tls_context)
      tls.emplace(ioc, *tls_context);
    else
      plain.emplace(ioc);
    bool done = false;
    asio::async_connect(socket(), results, [&](beast::error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    run(done, Clock::now() + timeout);
    ec = outcome(ec);
    if (!ec) socket().set_option(tcp::no_delay(true), ec);
    if (ec) {
      close();
      return ConnectFailure{
          ec, ec == beast::error::timeout ? "connect timed out after " + ms + " ms" : "connect", {}};
    }
    if (!tls) return std::nullopt;

    SSL* handle = tls->native_handle();
    beast::error_code address_ec;
    asio::ip::make_address(endpoint.host, address_ec);
    const bool is_address = !address_ec;
    if (!is_address) ::SSL_set_tlsext_host_name(handle, endpoint.host.c_str());  // SNI: names only
    if (!options.insecure) {
      // OpenSSL checks the name (or the IP address) against subjectAltName during the handshake and says
      // "hostname mismatch" / "IP address mismatch" when it differs.
      X509_VERIFY_PARAM* param = ::SSL_get0_param(handle);
      ::X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      const int set = is_address ? ::X509_VERIFY_PARAM_set1_ip_asc(param, endpoint.host.c_str())
                                 : ::X509_VERIFY_PARAM_set1_host(param, endpoint.host.c_str(), 0);
      if (set != 1) {
        close();
        return ConnectFailure{asio::error::invalid_argument,
                              "TLS: cannot check the peer's name against \"" + endpoint.host + "\"",
                              TransportError::tls};
      }
    }
    done = false;
    tls->async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
      ec = e;
      done = true;
    });
    run(done, Clock::now() + timeout);
    ec = outcome(ec);
    if (!ec) return std::nullopt;
    ConnectFailure failure;
    failure.ec = ec;
    if (ec == beast::error::timeout) {
      failure.what = "TLS handshake timed out after " + ms + " ms";
    } else {
      failure.error = TransportError::tls;
      failure.what = "TLS handshake with " + host_text(endpoint.host) + ": " + tls_message(ec, handle);
    }
    close();
    return failure;
  }
};

HttpClient::HttpClient(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      url_(endpoint_.url()),
      host_header_(host_text(endpoint_.host) + ":" + std::to_string(endpoint_.port)),
      impl_(std::make_unique<Impl>(endpoint_, options_)) {}

HttpClient::~HttpClient() {
  impl_->close();
}

void HttpClient::post(std::function<void()> work) {
  asio::post(impl_->ioc, std::move(work));
}

Exchange HttpClient::send(const Request& request) {
  Exchange exchange;
  exchange.method = request.method;
  exchange.url = url_ + request.target;
  exchange.target = request.target;
  exchange.request_body = request.body;
  const auto started = std::chrono::steady_clock::now();
  auto stamp = [&] {
    exchange.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  };
  auto finish = [&](beast::error_code ec, const std::string& what) {
    stamp();
    if (impl_->interrupted || (ec && net::interrupted())) {
      exchange.error = TransportError::interrupted;
      exchange.error_message = what + ": " + net::interrupt_reason();
      impl_->close();
    } else if (ec) {
      exchange.error = classify(ec);
      exchange.error_message = what + ": " + (is_tls_error(ec) ? tls_message(ec, nullptr) : ec.message());
      impl_->close();
    }
    return std::move(exchange);  // the last use: not a copy of every header
  };

  http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
  if (message.method() == http::verb::unknown) message.method_string(request.method);
  message.set(http::field::host, host_header_);
  message.set(http::field::user_agent, "harness/" HARNESS_VERSION);
  for (const auto& [name, value] : options_.default_headers) message.set(name, value);
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  if (!request.body.empty() || message.method() == http::verb::post || message.method() == http::verb::put)
    message.prepare_payload();
  message.keep_alive(true);
  for (const auto& field : message) exchange.request_headers.emplace_back(field.name_string(), field.value());

  impl_->interrupted = net::interrupted();  // the run is stopping: no new requests
  if (impl_->interrupted) return finish({}, "not sent");
  if (auto failure = impl_->connect(endpoint_, options_)) {
    if (failure->error == TransportError::none || impl_->interrupted)
      return finish(failure->ec, failure->what);
    stamp();
    exchange.error = failure->error;
    exchange.error_message = failure->what;
    return exchange;
  }

  const auto read_timeout = request.read_timeout.value_or(options_.read_timeout);
  auto timed_out_text = [&](const char* step) {
    return step + std::string(" timed out after ") + std::to_string(read_timeout.count()) + " ms";
  };
  const auto deadline = Clock::now() + read_timeout;  // the write's and the read's together
  beast::error_code ec;
  bool done = false;
  impl_->with_stream([&](auto& stream) {
    http::async_write(stream, message, [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
  });
  impl_->run(done, deadline);
  ec = impl_->outcome(ec);
  // A server may answer early (413, 401) and close while the request is still being sent; its unread bytes
  // make the kernel reset the connection. The answer is usually already in our receive buffer, so look for it
  // before reporting the failed write.
  const beast::error_code write_ec = ec;
  const bool early_answer_possible =
      write_ec == asio::error::connection_reset || write_ec == asio::error::broken_pipe;
  if (write_ec && !early_answer_possible)
    return finish(write_ec, write_ec == beast::error::timeout ? timed_out_text("write") : "write");

  auto& buffer = impl_->buffer;
  buffer.clear();  // what an earlier answer left unread is not this one's
  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.response_body_limit);
  // A HEAD answer carries the GET's Content-Length but no body: without skip() the read waits for the body.
  if (message.method() == http::verb::head) parser.skip(true);
  done = false;
  impl_->with_stream([&](auto& stream) {
    http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
  });
  impl_->run(done, deadline);
  ec = impl_->outcome(ec);

  if (parser.is_header_done()) {  // keep what did arrive, even when the body did not
    const auto& response = parser.get();
    exchange.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
      exchange.response_headers.emplace_back(field.name_string(), field.value());
    const bool keep_alive = response.keep_alive();
    exchange.response_body = std::move(parser.get().body());  // the parser is done with it
    if (!ec && (write_ec || !keep_alive)) impl_->close();
    // TLS without close_notify inside the body: the answer was cut short, as a plain EOF there would say.
    if (ec == ssl::error::stream_truncated) ec = http::error::partial_message;
  } else if (write_ec) {
    return finish(write_ec, "write");  // no early answer: the write's failure is the story
  }
  if (ec) return finish(ec, ec == beast::error::timeout ? timed_out_text("read") : "read");
  return finish({}, "");
}

}  // namespace harness::client
