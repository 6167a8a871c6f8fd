#include "harness/capture/record_proxy.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <iostream>
#include <list>
#include <stdexcept>
#include <thread>

#include "harness/capture/record_connection.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/net/listen.hpp"

namespace harness::capture {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace recording {

void Recorder::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

bool Recorder::claim() {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  if (options_.max_requests > 0 && claimed_ >= options_.max_requests) return false;
  ++claimed_;
  return true;
}

void Recorder::finish(std::optional<CapturedExchange> exchange, std::chrono::steady_clock::time_point started,
                      std::chrono::system_clock::time_point started_wall) {
  std::lock_guard lock(mutex_);
  if (exchange) entries_.push_back({std::move(*exchange), started, started_wall});
  ++ended_;
  changed_.notify_all();
}

void Recorder::wait() {
  std::unique_lock lock(mutex_);
  // The interrupt flag is no condition variable's: looked at every 50 ms.
  while (!stopping_ && !net::interrupted() && !(options_.max_requests > 0 && ended_ >= options_.max_requests))
    changed_.wait_for(lock, std::chrono::milliseconds(50));
}

std::size_t Recorder::recorded() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

Capture Recorder::capture() const {
  std::vector<Entry> entries;
  {
    std::lock_guard lock(mutex_);
    entries = entries_;
  }
  // Recorded as answers completed; listed as requests started, the order the target was asked in.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.started < b.started; });
  Capture capture;
  capture.source = "harness record";
  capture.origin = options_.target.url();
  for (auto& entry : entries) {
    entry.exchange.started_ms =
        std::chrono::duration<double, std::milli>(entry.started - entries.front().started).count();
    capture.exchanges.push_back(std::move(entry.exchange));
  }
  return capture;
}

std::chrono::system_clock::time_point Recorder::started_at() const {
  std::lock_guard lock(mutex_);
  if (entries_.empty()) return std::chrono::system_clock::now();
  return std::min_element(entries_.begin(), entries_.end(),
                          [](const Entry& a, const Entry& b) { return a.started < b.started; })
      ->started_wall;
}

}  // namespace recording

namespace {

// One client connection: its own loop and thread (and, inside, its own HttpClient to the target).
struct RecordedConnection {
  asio::io_context ioc{1};
  std::thread thread;
  std::atomic<bool> done{false};
};

}  // namespace

struct RecordProxy::Impl {
  RecordOptions options;
  recording::Recorder recorder{options};
  asio::io_context accept_ioc{1};
  tcp::acceptor acceptor{accept_ioc};
  std::thread accept_thread;
  // Touched by the accept thread while it runs, then by stop() once it was joined.
  std::list<std::shared_ptr<RecordedConnection>> connections;
  unsigned short bound_port = 0;
  bool stopped = false;

  explicit Impl(RecordOptions o) : options(std::move(o)) {}

  void bind() { bound_port = net::listen_on(acceptor, options.host, options.port, "harness record"); }

  void reap_finished() {
    connections.remove_if([](const std::shared_ptr<RecordedConnection>& c) {
      if (!c->done) return false;
      c->thread.join();
      return true;
    });
  }

  void do_accept() {
    auto connection = std::make_shared<RecordedConnection>();
    acceptor.async_accept(
        connection->ioc, [this, connection](boost::system::error_code ec, tcp::socket socket) {
          if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            return do_accept();  // e.g. too many open files: keep listening
          }
          if (recorder.stopping()) return;
          socket.set_option(tcp::no_delay(true), ec);
          reap_finished();
          try {
            connection->thread = std::thread([this, connection, socket = std::move(socket)]() mutable {
              recording::serve_connection(connection->ioc, std::move(socket), recorder);
              connection->done = true;
            });
            connections.push_back(connection);
          } catch (const std::system_error& e) {  // no thread to be had: this connection is refused
            std::cerr << "harness record: cannot serve a connection: " << e.what() << std::endl;
          }
          do_accept();
        });
  }
};

RecordProxy::RecordProxy(RecordOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  // The TLS settings are checked once, here, rather than found broken by the first connection.
  { client::HttpClient probe(impl_->options.target, impl_->options.client); }
  impl_->bind();
  impl_->do_accept();
  impl_->accept_thread = std::thread([impl = impl_.get()] { impl->accept_ioc.run(); });
}

RecordProxy::~RecordProxy() {
  stop();
}

unsigned short RecordProxy::port() const {
  return impl_->bound_port;
}

void RecordProxy::wait() {
  impl_->recorder.wait();
}

void RecordProxy::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->recorder.stop();
  asio::post(impl_->accept_ioc, [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->accept_thread.join();
  // Each connection sees the flag within its poll: an idle one closes, one forwarding ends its exchange.
  for (auto& connection : impl_->connections) connection->thread.join();
  impl_->connections.clear();
}

std::size_t RecordProxy::recorded() const {
  return impl_->recorder.recorded();
}

Capture RecordProxy::capture() const {
  return impl_->recorder.capture();
}

std::chrono::system_clock::time_point RecordProxy::started_at() const {
  return impl_->recorder.started_at();
}

}  // namespace harness::capture
