#include "harness/serve/serve.hpp"

#include <sys/wait.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstring>
#include <ctime>
#include <functional>
#include <iostream>
#include <optional>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/report/broadcast.hpp"
#include "harness/runner/coverage_collect.hpp"
#include "harness/runner/error_catalog.hpp"
#include "harness/runner/failure_count.hpp"
#include "harness/runner/rerun_plan.hpp"
#include "harness/runner/runner.hpp"
#include "harness/serve/admin.hpp"
#include "harness/serve/child.hpp"
#include "harness/serve/live_world.hpp"

namespace harness::serve {
namespace {

namespace asio = boost::asio;
using runner::ConfigError;

// How often the main loop looks at the interrupt flag and at the client command.
constexpr std::chrono::milliseconds kTick{20};

// Where the harness itself reaches a server bound to a wildcard address.
std::string reachable_host(const std::string& host) {
  if (host == "0.0.0.0") return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

std::string url_of(const std::string& host, unsigned short port, bool tls = false) {
  const bool v6 = host.find(':') != std::string::npos;
  return (tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

void check_options(const ServeOptions& options) {
  if (!options.world_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(options.world_file, ec))
      throw ConfigError(options.world_file + ": no such file");
    if (std::filesystem::path(options.world_file).extension() != ".lua")
      throw ConfigError(options.world_file + ": not a world file (*.lua)");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(options.fixtures, ec))
    throw ConfigError(options.fixtures.string() + ": the fixtures folder does not exist (see --fixtures)");
}

std::string utc_timestamp(std::time_t when) {
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

report::CaseResult command_case(const std::vector<std::string>& command, int status, double seconds,
                                bool interrupted) {
  report::CaseResult result;
  result.name = "client command";
  result.seconds = seconds;
  const std::string what = quoted(command) + " " + describe_status(status);
  result.output = what + "\n";
  if (interrupted) {  // the signal was passed on to the command: whatever it did after, it was cut short
    result.outcome = report::Outcome::errored;
    result.type = "interrupted";
    result.message = net::interrupt_reason() + ": the client command " + what;
    result.detail = result.message;
    return result;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return result;
  result.outcome = WIFEXITED(status) ? report::Outcome::failed : report::Outcome::errored;
  result.type = WIFEXITED(status) ? "exit-status" : "signal";
  result.message = "the client command " + what;
  result.detail = result.message;
  return result;
}

}  // namespace

std::optional<report::RunResult> run_serve(const ServeOptions& options,
                                           const std::vector<report::Reporter*>& reporters) {
  check_options(options);
  contract::FixtureStore fixtures(options.fixtures);
  std::shared_ptr<const fake::World::ErrorCatalog> catalog;
  report::Coverage coverage;
  try {
    catalog = runner::load_error_catalog(fixtures);
    if (options.coverage) coverage = runner::documented_coverage(fixtures);
  } catch (const contract::FixtureError& e) {
    throw ConfigError(std::string("broken status table: ") + e.what());
  }

  LiveWorld live({options.world_file, options.seed, options.project_id, catalog, options.limits}, fixtures);
  const bool tls = !options.tls_cert_file.empty();
  const AdminSettings admin_settings{.host = options.host,
                                     .project_id = options.project_id,
                                     .world_file = options.world_file,
                                     .port = options.port,
                                     .tls = tls,
                                     .token = options.admin_token};
  const auto admin_off = options.admin ? admin_off_reason(admin_settings) : std::nullopt;
  const bool admin_on = options.admin && !admin_off;
  AdminApi admin(live.shared(), admin_settings, [&] { live.reset(); });
  fake::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.tls_cert_file = options.tls_cert_file;
  server_options.tls_key_file = options.tls_key_file;
  server_options.header_timeout = options.header_timeout;
  server_options.idle_timeout = options.idle_timeout;
  client::ClientOptions own_client;
  own_client.insecure = true;  // the world file's requests go to this very server
  if (admin_on) server_options.front_desk = [&admin](const fake::Request& r) { return admin.handle(r); };
  std::optional<fake::FakeServer> bound;
  try {
    bound.emplace(live.shared(), server_options);
  } catch (const std::runtime_error& e) {  // a port in use, a TLS pair that does not load
    throw ConfigError(e.what());
  }
  fake::FakeServer& server = *bound;
  admin.set_port(server.port());
  client::HttpClient client({tls ? "https" : "http", reachable_host(options.host), server.port()},
                            own_client);
  try {
    live.load(client);
  } catch (const script::WorldScriptError& e) {
    throw ConfigError(e.what());
  }

  const std::string url = url_of(options.host, server.port(), tls);
  std::cout << "harness serve: listening on " << url << std::endl;
  if (live.script() && !live.script()->output().empty()) std::cout << live.script()->output() << std::flush;
  if (live.script() && live.script()->cases_not_run() > 0)
    std::cerr << "harness serve: " << options.world_file << " is a scenario: serving the world its top level "
              << "builds; its " << live.script()->cases_not_run()
              << " case(s) are not run here (harness run runs them)\n";
  std::cerr << "harness serve: world " << (options.world_file.empty() ? "(empty)" : options.world_file)
            << ", project " << options.project_id << "; admin API "
            << (admin_on    ? url + "/__admin/" + (options.admin_token.empty() ? "" : " (with the token)")
                : admin_off ? "off (" + *admin_off + ")"
                            : std::string("off"))
            << "; "
            << (options.command.empty() ? "SIGINT/SIGTERM (Ctrl-C) stops it"
                                        : "running " + quoted(options.command))
            << std::endl;

  asio::io_context ioc;
  // The world file's Lua-function endpoints are answered on this thread: in this loop, or while the file's
  // checks wait in http.* (the client's own loop).
  auto& desk = live.shared().desk();
  fake::CoalescedWake wake_loop, wake_client;
  desk.set_owner([&live](fake::HandlerCall& call) { return live.answer(call); },
                 [&] {
                   wake_loop([&](auto work) { asio::post(ioc, std::move(work)); }, desk);
                   wake_client([&](auto work) { client.post(std::move(work)); }, desk);
                 });
  struct ClearOwner {
    fake::HandlerDesk& desk;
    ~ClearOwner() { desk.clear_owner(); }
  } clear_owner{desk};
  // Edits to the world file: a fresh world, or the error and the last good world.
  asio::steady_timer watch(ioc);
  std::function<void()> arm_watch = [&] {
    watch.expires_after(options.poll_interval);
    watch.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      if (auto said = live.reload_if_changed(client)) std::cerr << "harness serve: " << *said << std::endl;
      arm_watch();
    });
  };
  if (!options.world_file.empty()) arm_watch();

  // One tick looks at the interrupt flag (and at the client command): `done` says when the loop ends.
  asio::steady_timer tick(ioc);
  std::function<bool()> done;
  std::function<void()> arm_tick = [&] {
    tick.expires_after(kTick);
    tick.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      if (done()) return ioc.stop();
      arm_tick();
    });
  };
  if (options.command.empty()) {
    done = [] {
      if (!net::interrupted()) return false;
      std::cerr << "harness serve: " << strsignal(net::interrupt_signal()) << ", stopping" << std::endl;
      return true;
    };
    arm_tick();
    ioc.run();
    server.stop();
    return std::nullopt;
  }

  // The client command: its end stops the loop; SIGINT/SIGTERM are passed on to it, and its case and the
  // checks not run are reported as cut short.
  const auto started = std::chrono::steady_clock::now();
  const std::time_t command_started = std::time(nullptr);
  pid_t pid = 0;
  try {
    pid = spawn(options.command, {{"HARNESS_URL", url}, {"HARNESS_PROJECT_ID", options.project_id}});
  } catch (const std::runtime_error& e) {
    throw ConfigError(e.what());
  }
  int status = 0;
  bool passed_on = false;
  done = [&] {
    if (net::interrupted() && !passed_on) {
      passed_on = true;
      std::cerr << "harness serve: " << strsignal(net::interrupt_signal())
                << ", passed on to the client command" << std::endl;
      ::kill(pid, net::interrupt_signal());
    }
    return ::waitpid(pid, &status, WNOHANG) == pid;
  };
  arm_tick();
  ioc.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  runner::FailureCount failures(options.max_failures);
  std::vector<report::Reporter*> listeners = reporters;
  listeners.push_back(&failures);
  report::Broadcast listener(listeners);
  const std::string suite_file = options.world_file.empty() ? "serve" : options.world_file;
  script::CaseSelection selection = options.selection;
  selection.halted = [&failures] { return failures.halted(); };
  runner::plan_rerun({suite_file}, options.rerun, options.last_failed, selection);
  listener.suite_starting(suite_file);
  report::SuiteResult suite;
  suite.file = suite_file;
  suite.timestamp = utc_timestamp(command_started);
  suite.cases.push_back(command_case(options.command, status, seconds, passed_on));
  listener.case_ended(suite, suite.cases.back());
  if (auto* script = live.script(); script && net::interrupted()) {
    for (const auto& title : script->check_titles()) {  // not run: listed, so the report shows them
      report::CaseResult skipped;
      skipped.name = title;
      skipped.outcome = report::Outcome::skipped;
      skipped.message = net::interrupt_reason() + " before the check started";
      suite.cases.push_back(std::move(skipped));
      listener.case_ended(suite, suite.cases.back());
    }
  } else if (script) {
    auto checks = script->run_checks(&listener, selection);
    for (auto& result : checks.cases) suite.cases.push_back(std::move(result));
    suite.seconds = checks.seconds;
  }
  suite.seconds += seconds;
  suite.properties = {{"harness.project_id", options.project_id},
                      {"harness.url", url},
                      {"harness.command", quoted(options.command)}};
  if (options.coverage)  // what the client and the checks made the fake answer
    live.shared().with([&](fake::World& world) { runner::collect_coverage(world, coverage); });
  server.stop();

  report::RunResult run;
  run.coverage = std::move(coverage);
  run.seed = options.seed;
  run.interrupted = net::interrupted() ? net::interrupt_reason() : failures.halted();
  run.seconds = suite.seconds;
  run.suites.push_back(std::move(suite));
  listener.run_ended(run);
  return run;
}

}  // namespace harness::serve
