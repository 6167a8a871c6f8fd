#include "harness/capture/record_connection.hpp"

#include <algorithm>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <iostream>
#include <string_view>

#include "harness/client/http_client.hpp"
#include "harness/fake/request_target.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::capture::recording {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// How often a connection's wait looks at the stop flag.
constexpr std::chrono::milliseconds kStopPoll{20};
// Bounds a request body's read and an answer's write, so that a stalled client cannot hold a connection.
constexpr std::chrono::milliseconds kTransferTimeout{30000};

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Headers that belong to one connection, not to the message (RFC 9110 7.6.1): never passed on, nor recorded.
bool hop_by_hop(std::string_view name, const std::vector<std::string>& named_by_connection) {
  for (const char* hop : {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "TE",
                          "Trailer", "Transfer-Encoding", "Upgrade"})
    if (same_name(name, hop)) return true;
  return std::any_of(named_by_connection.begin(), named_by_connection.end(),
                     [&](const std::string& listed) { return same_name(name, listed); });
}

// What each side's own framing sets: recorded as sent, but made afresh for the other side.
bool framing_header(std::string_view name) {
  return same_name(name, "Host") || same_name(name, "Content-Length") || same_name(name, "Expect");
}

// The header names a Connection header lists ("Connection: close, X-Hop"), which are hop-by-hop too.
template <typename Fields>
std::vector<std::string> named_by_connection(const Fields& fields) {
  std::vector<std::string> names;
  for (const auto& field : fields) {
    if (!same_name(field.name_string(), "Connection")) continue;
    std::string_view value = field.value();
    while (!value.empty()) {
      const auto comma = value.find(',');
      std::string_view token = value.substr(0, comma);
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
      if (!token.empty()) names.emplace_back(token);
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  return names;
}

HeaderList end_to_end(const HeaderList& headers) {
  std::vector<std::string> listed;
  for (const auto& [name, value] : headers)
    if (same_name(name, "Connection")) {
      http::fields one;
      one.insert(http::field::connection, value);
      for (auto& n : named_by_connection(one)) listed.push_back(std::move(n));
    }
  HeaderList kept;
  for (const auto& header : headers)
    if (!hop_by_hop(header.first, listed)) kept.push_back(header);
  return kept;
}

bool has_no_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

std::optional<std::string> header_value(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (same_name(n, name)) return v;
  return std::nullopt;
}

class Connection {
 public:
  Connection(asio::io_context& ioc, tcp::socket socket, Recorder& recorder)
      : ioc_(ioc),
        stream_(std::move(socket)),
        recorder_(recorder),
        upstream_(recorder.options().target, recorder.options().client) {}

  void serve() {
    while (!recorder_.stopping()) {
      std::optional<http::request<http::string_body>> request = read_request();
      if (!request) return close();
      // A client behind a forward proxy sends absolute-form (http://host/path): the target gets, and the
      // capture keeps, the path and query, as its "target" always holds.
      const std::string_view sent(request->target().data(), request->target().size());
      const auto form = fake::origin_form(sent);
      if (!form)
        return answer_local(400, "harness record: the request target \"" +
                                     fake::percent_encode_invalid_utf8(sent) +
                                     "\" is neither a path nor an absolute http(s) URL\n");
      if (!recorder_.claim()) return close();  // --requests N reached: the recording is over
      if (!forward(*request, form->target)) return;
    }
    close();
  }

 private:
  // Runs what was queued; a wait that `cancellable` is cut short when the recorder stops. False then.
  bool run(bool cancellable) {
    bool cancelled = false;
    ioc_.restart();
    while (!ioc_.stopped()) {
      ioc_.run_for(kStopPoll);
      if (cancellable && !cancelled && !ioc_.stopped() && recorder_.stopping()) {
        cancelled = true;
        beast::error_code ignored;
        stream_.socket().cancel(ignored);
      }
    }
    return !cancelled;
  }

  std::optional<http::request<http::string_body>> read_request() {
    http::request_parser<http::string_body> parser;
    parser.body_limit(recorder_.options().body_limit);
    beast::error_code ec;
    stream_.expires_after(recorder_.options().idle_timeout);
    http::async_read_header(stream_, buffer_, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    if (!run(true) || refused(ec)) return std::nullopt;
    // The body was not sent yet: a client that asked for it (curl with a large body) waits for this.
    if (same_name(parser.get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(kTransferTimeout);
      asio::async_write(stream_, asio::buffer(kContinue), [&](beast::error_code e, std::size_t) { ec = e; });
      if (!run(true) || ec) return std::nullopt;
    }
    if (!parser.is_done()) {
      stream_.expires_after(kTransferTimeout);
      http::async_read(stream_, buffer_, parser, [&](beast::error_code e, std::size_t) { ec = e; });
      if (!run(true) || refused(ec)) return std::nullopt;
    }
    return parser.release();
  }

  // A request that did not arrive whole: a body over the limit is answered 413, one HTTP cannot parse 400
  // (neither is forwarded nor recorded); an end of stream, a timeout or a reset just ends the connection.
  bool refused(const beast::error_code& ec) {
    if (!ec) return false;
    if (ec == http::error::body_limit)
      answer_local(413, "harness record: the request body is larger than " +
                            std::to_string(recorder_.options().body_limit) + " bytes\n");
    else if (ec != http::error::end_of_stream && ec != http::error::partial_message &&
             ec.category() == http::make_error_code(http::error::bad_target).category())
      answer_local(400, "harness record: a malformed request: " + ec.message() + "\n");
    return true;
  }

  // Forwards one request and answers the client. False when the connection is over. The exchange is
  // recorded before the client has the answer, so a capture taken once a client saw it holds it, and its
  // duration is the target's: from the request read to the answer ready.
  bool forward(const http::request<http::string_body>& request, const std::string& target) {
    const auto started = Clock::now();
    const auto started_wall = std::chrono::system_clock::now();
    client::Request outgoing;
    outgoing.method = std::string(request.method_string());
    outgoing.target = target;
    const auto listed = named_by_connection(request);
    for (const auto& field : request)
      if (!hop_by_hop(field.name_string(), listed) && !framing_header(field.name_string()))
        outgoing.headers.emplace_back(field.name_string(), field.value());
    outgoing.body = request.body();
    client::Exchange answer = upstream_.send(outgoing);
    if (answer.error == client::TransportError::interrupted) {  // the recording stops: not the target's doing
      recorder_.finish(std::nullopt, started, started_wall);
      close();
      return false;
    }

    CapturedExchange recorded;
    recorded.method = outgoing.method;
    recorded.target = outgoing.target;
    recorded.request_headers = end_to_end(answer.request_headers);  // as the target received them
    recorded.request_body = outgoing.body;
    auto record = [&] {
      recorded.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      recorder_.finish(std::move(recorded), started, started_wall);
    };
    if (!answer.ok()) {
      recorded.failure = client::transport_error_name(answer.error);
      record();
      pass_on_failure(answer);
      return false;
    }
    http::response<http::string_body> response{static_cast<http::status>(answer.status), request.version()};
    for (const auto& [name, value] : end_to_end(answer.response_headers))
      if (!framing_header(name)) response.insert(name, value);
    if (request.method() == http::verb::head) {  // the GET's length, no body
      if (auto length = header_value(answer.response_headers, "Content-Length"))
        response.set(http::field::content_length, *length);
    } else if (!has_no_body(answer.status)) {
      response.body() = answer.response_body;
      response.content_length(response.body().size());
    }
    response.keep_alive(request.keep_alive());
    recorded.status = answer.status;
    for (const auto& field : response)
      if (!same_name(field.name_string(), "Connection"))
        recorded.response_headers.emplace_back(field.name_string(), field.value());
    recorded.response_body = std::move(answer.response_body);
    record();
    const bool open = write(response) && request.keep_alive();
    if (!open) close();
    return open;
  }

  // The target failed below HTTP: the client sees it fail the same way where a socket can say it (a reset,
  // a close, a body cut short), else a 502 saying what happened.
  void pass_on_failure(const client::Exchange& answer) {
    using client::TransportError;
    beast::error_code ignored;
    switch (answer.error) {
      case TransportError::reset:
        stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);  // close sends RST
        stream_.socket().close(ignored);
        return;
      case TransportError::closed:
      case TransportError::timeout:
        return close();
      case TransportError::truncated:
        if (answer.status > 0) {
          // The head as it came, and a length beyond the bytes that did: the client's read ends short too.
          const auto announced = header_value(answer.response_headers, "Content-Length");
          std::string raw = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                            std::string(http::obsolete_reason(static_cast<http::status>(answer.status))) +
                            "\r\n";
          for (const auto& [name, value] : end_to_end(answer.response_headers))
            if (!framing_header(name)) raw += name + ": " + value + "\r\n";
          raw += "Content-Length: " +
                 (announced ? *announced : std::to_string(answer.response_body.size() + 1)) +
                 "\r\nConnection: close\r\n\r\n" + answer.response_body;
          write_raw(raw);
        }
        return close();
      default:
        answer_local(502, "harness record: " + recorder_.options().target.url() + ": " +
                              client::transport_error_name(answer.error) + ": " + answer.error_message +
                              "\n");
        return;
    }
  }

  // An answer of the proxy's own, then the connection closes.
  void answer_local(int status, std::string body) {
    http::response<http::string_body> response{static_cast<http::status>(status), 11};
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(body);
    response.prepare_payload();
    response.keep_alive(false);
    write(response);
    close();
  }

  bool write(http::response<http::string_body>& response) {
    beast::error_code ec;
    stream_.expires_after(kTransferTimeout);
    http::async_write(stream_, response, [&](beast::error_code e, std::size_t) { ec = e; });
    run(false);
    return !ec;
  }

  void write_raw(const std::string& bytes) {
    beast::error_code ec;
    stream_.expires_after(kTransferTimeout);
    asio::async_write(stream_, asio::buffer(bytes), [&](beast::error_code e, std::size_t) { ec = e; });
    run(false);
  }

  void close() {
    beast::error_code ignored;
    if (!stream_.socket().is_open()) return;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  asio::io_context& ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  Recorder& recorder_;
  client::HttpClient upstream_;
};

}  // namespace

void serve_connection(asio::io_context& ioc, tcp::socket socket, Recorder& recorder) {
  try {
    Connection connection(ioc, std::move(socket), recorder);
    connection.serve();
  } catch (const std::exception& e) {  // a connection's trouble ends that connection, never the recording
    std::cerr << "harness record: a connection failed: " << e.what() << std::endl;
  }
}

}  // namespace harness::capture::recording
