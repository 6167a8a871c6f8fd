#include "harness/fake/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <future>
#include <iostream>
#include <list>
#include <stdexcept>
#include <thread>

#include "harness/fake/session.hpp"
#include "harness/net/listen.hpp"

namespace harness::fake {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct FakeServer::Impl {
  SharedWorld& world;
  ServerOptions options;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::unique_ptr<asio::ssl::context> tls;         // when options.tls_cert_file is set
  std::list<std::weak_ptr<SessionBase>> sessions;  // touched only on the server thread
  std::thread thread;
  bool stopped = false;
  unsigned short bound_port = 0;

  Impl(SharedWorld& w, ServerOptions o) : world(w), options(std::move(o)) {}

  void load_tls() {
    if (options.tls_cert_file.empty() && options.tls_key_file.empty()) return;
    if (options.tls_cert_file.empty() || options.tls_key_file.empty())
      throw std::runtime_error("fake server: TLS needs both a certificate file and a key file");
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert_file, ec);
    if (ec)
      throw std::runtime_error("fake server: cannot load the TLS certificate " + options.tls_cert_file +
                               ": " + ec.message());
    tls->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
    if (ec)
      throw std::runtime_error("fake server: cannot load the TLS key " + options.tls_key_file + ": " +
                               ec.message());
  }

  void bind() { bound_port = net::listen_on(acceptor, options.host, options.port, "fake server"); }

  void do_accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        return do_accept();  // e.g. too many open files: keep listening
      }
      socket.set_option(tcp::no_delay(true), ec);
      std::shared_ptr<SessionBase> session;
      if (tls)
        session = std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *tls), world, options);
      else
        session = std::make_shared<Session<PlainStream>>(PlainStream(std::move(socket)), world, options);
      sessions.remove_if([](const auto& weak) { return weak.expired(); });
      sessions.push_back(session);
      session->run();
      do_accept();
    });
  }

  void close_all() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (auto& weak : sessions)
      if (auto session = weak.lock()) session->close();
    sessions.clear();
  }
};

FakeServer::FakeServer(SharedWorld& world, ServerOptions options)
    : impl_(std::make_unique<Impl>(world, std::move(options))) {
  impl_->load_tls();
  impl_->bind();
  impl_->do_accept();
  impl_->thread = std::thread([impl = impl_.get()] {
    // The sessions keep exceptions in (take_request's guard); should one escape all the same, it is logged
    // and the loop goes on (Asio allows run() again after a handler threw), so no request ends the process.
    for (;;) {
      try {
        impl->ioc.run();
        return;
      } catch (const std::exception& e) {
        std::cerr << "harness fake: a handler threw, serving on: " << e.what() << std::endl;
      } catch (...) {
        std::cerr << "harness fake: a handler threw, serving on" << std::endl;
      }
    }
  });
}

FakeServer::~FakeServer() {
  stop();
}

unsigned short FakeServer::port() const {
  return impl_->bound_port;
}
const std::string& FakeServer::host() const {
  return impl_->options.host;
}

void FakeServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  // Closing every socket ends every pending operation, so run() returns once the handlers drained.
  std::promise<void> closed;
  asio::post(impl_->ioc, [&] {
    impl_->close_all();
    closed.set_value();
  });
  if (closed.get_future().wait_for(std::chrono::seconds(5)) != std::future_status::ready) impl_->ioc.stop();
  impl_->thread.join();
  // Requests still waiting for a Lua handler belong to sessions now closed: nobody reads their answers.
  impl_->world.desk().drop();
}

}  // namespace harness::fake
