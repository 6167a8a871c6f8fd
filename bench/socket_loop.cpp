// The runner benchmark's baseline (bench/runner.sh): the requests of a generated scenario file, sent by the
// least a client can do, to the same in-process fake `harness run` starts for a file, over loopback.
//
// It loads a world file (the jobs the generated cases create, bench/gen_runner_cases.sh writes both), serves
// it with harness's FakeServer on an ephemeral port (its own thread, as in `harness run`), and sends
// `GET /v1/<project>/jobs/<%032x of i>` `--requests` times for each i in 1..`--cases`, one request at a time
// on one keep-alive connection, with Beast's synchronous write/read. No Lua, no schema, no report: the ratio
// of `harness run`'s wall time to this one's is what the harness adds to the socket.
//
//   bench_socket_loop WORLD.world.lua --cases N --requests R
//
// Prints "REQUESTS requests, ERRORS not 200, SECONDS s in the loop"; exits 1 when an answer was not 200.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/world_script.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

struct Arguments {
  std::string world;
  int cases = 0;
  int requests = 0;
};

Arguments parse(int argc, char** argv) {
  Arguments out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--cases" || arg == "--requests") && i + 1 < argc) {
      (arg == "--cases" ? out.cases : out.requests) = std::stoi(argv[++i]);
    } else if (out.world.empty() && arg.rfind("--", 0) != 0) {
      out.world = arg;
    } else {
      throw std::invalid_argument("unknown argument " + arg);
    }
  }
  if (out.world.empty() || out.cases < 1 || out.requests < 1)
    throw std::invalid_argument("usage: bench_socket_loop WORLD.world.lua --cases N --requests R");
  return out;
}

}  // namespace

int main(int argc, char** argv) try {
  const Arguments args = parse(argc, argv);
  harness::fake::SharedWorld world;
  {
    // The world file runs as `harness serve` runs one; its client and fixtures are never used.
    harness::client::HttpClient unused_client(harness::client::Endpoint{});
    const harness::contract::FixtureStore unused_fixtures("fixtures");
    harness::script::ScenarioEnv env{
        .world = &world, .client = unused_client, .fixtures = unused_fixtures, .limits = {}};
    const harness::script::WorldScript script(args.world, env);
  }
  harness::fake::FakeServer server(world, harness::fake::ServerOptions{});

  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address(server.host()), server.port()});
  socket.set_option(asio::ip::tcp::no_delay(true));
  beast::flat_buffer buffer;
  const std::string host = server.host() + ":" + std::to_string(server.port());
  const std::string prefix = std::string("/v1/") + harness::script::kDefaultProjectId + "/jobs/";
  int not_ok = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 1; i <= args.cases; ++i) {
    char job_id[33];
    std::snprintf(job_id, sizeof job_id, "%032x", i);
    for (int r = 0; r < args.requests; ++r) {
      http::request<http::empty_body> request(http::verb::get, prefix + job_id, 11);
      request.set(http::field::host, host);
      http::write(socket, request);
      http::response<http::string_body> response;
      http::read(socket, buffer, response);
      not_ok += response.result() != http::status::ok;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%d requests, %d not 200, %.3f s in the loop\n", args.cases * args.requests, not_ok, seconds);
  socket.close();
  server.stop();
  return not_ok == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "bench_socket_loop: " << e.what() << "\n";
  return 2;
}
