#include "harness/client/http_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "harness/net/interrupt.hpp"

namespace harness::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool is_ipv6(const std::string& host) {
  return host.find(':') != std::string::npos;
}

std::string host_text(const std::string& host) {
  return is_ipv6(host) ? "[" + host + "]" : host;
}

unsigned short default_port(const std::string& scheme) {
  return scheme == "https" ? 443 : 80;
}

}  // namespace

std::string Endpoint::url() const {
  return scheme + "://" + host_text(host) + ":" + std::to_string(port);
}

Endpoint parse_endpoint(std::string url) {
  const std::string given = url;
  auto fail = [&](const std::string& why) {
    return std::invalid_argument("invalid URL \"" + given + "\": " + why +
                                 " (expected https://HOST[:PORT] or http://HOST[:PORT])");
  };
  Endpoint endpoint;
  const auto colon = url.find("://");
  if (colon == std::string::npos) throw fail("no scheme");
  endpoint.scheme = url.substr(0, colon);
  for (auto& c : endpoint.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (endpoint.scheme != "http" && endpoint.scheme != "https")
    throw fail("the scheme must be http or https, not \"" + endpoint.scheme + "\"");
  std::string rest = url.substr(colon + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("/?#") != std::string::npos)
    throw fail("only scheme, host and port are allowed; the scenarios give the paths");
  if (rest.find('@') != std::string::npos) throw fail("user information is not supported; use --token");
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) throw fail("unclosed [ in the host");
    endpoint.host = rest.substr(1, close - 1);
    const std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw fail("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) throw fail("empty port");
    }
  } else {
    const auto port_colon = rest.find(':');
    endpoint.host = rest.substr(0, port_colon);
    if (port_colon != std::string::npos) {
      port_text = rest.substr(port_colon + 1);
      if (port_text.empty()) throw fail("empty port");
    }
  }
  if (endpoint.host.empty()) throw fail("no host");
  endpoint.port = default_port(endpoint.scheme);
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
      throw fail("bad port \"" + port_text + "\"");
    endpoint.port = static_cast<unsigned short>(value);
  }
  return endpoint;
}

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

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How often a wait looks at the interrupt flag: a case blocked on a slow server stops this soon after a
// signal.
constexpr std::chrono::milliseconds kInterruptPoll{20};

}  // namespace

struct HttpClient::Impl {
  asio::io_context ioc{1};
  std::unique_ptr<ssl::context> tls_context;  // scheme https only
  // At most one is open; the same code drives either (with_stream).
  std::optional<beast::tcp_stream> plain;
  std::optional<TlsStream> tls;
  bool interrupted = false;  // the last run() was cut short by SIGINT/SIGTERM

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
  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  template <typename F>
  void with_stream(F&& f) {
    if (tls)
      f(*tls);
    else
      f(*plain);
  }

  // Runs the queued operation to completion on this thread, or cancels it soon after SIGINT/SIGTERM
  // (net::interrupted), so a signal is not held up by a read timeout of many seconds.
  void run() {
    ioc.restart();
    while (!ioc.stopped()) {
      ioc.run_for(kInterruptPoll);
      if (!interrupted && !ioc.stopped() && net::interrupted()) {
        interrupted = true;
        if (is_open()) tcp().cancel();  // the handlers run with operation_aborted
      }
    }
  }

  // A kept-alive connection the server has closed (or written to unasked) must not be reused. Over TLS the
  // session tickets a server sends after the handshake were read with the first answer, so any byte here is
  // as telling as it is in plain HTTP.
  bool stale() {
    int fd = tcp().socket().native_handle();
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 0) <= 0) return false;
    char byte;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != -1 || errno != EAGAIN;
  }

  void close() {
    if (!is_open()) return;
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
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
    tcp().expires_after(timeout);
    tcp().async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (!ec) tcp().socket().set_option(tcp::no_delay(true), ec);
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
    tcp().expires_after(timeout);
    tls->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    run();
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
  exchange.url = endpoint_.url() + request.target;
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
    return exchange;
  };

  http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
  if (message.method() == http::verb::unknown) message.method_string(request.method);
  message.set(http::field::host, host_text(endpoint_.host) + ":" + std::to_string(endpoint_.port));
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
  const auto timeout_text = "timed out after " + std::to_string(read_timeout.count()) + " ms";
  beast::error_code ec;
  impl_->tcp().expires_after(read_timeout);
  impl_->with_stream([&](auto& stream) {
    http::async_write(stream, message, [&](beast::error_code e, std::size_t) { ec = e; });
  });
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
  impl_->with_stream([&](auto& stream) {
    http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  });
  impl_->run();

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
  if (ec) return finish(ec, ec == beast::error::timeout ? "read " + timeout_text : "read");
  return finish({}, "");
}

}  // namespace harness::client
