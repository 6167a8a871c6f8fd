// `harness record --target https://HOST[:PORT] [-o FILE.lua] [--har FILE.har] [--requests N] ...`: a
// recording reverse proxy in front of a real endpoint (or `harness serve`); on SIGINT/SIGTERM or after N
// exchanges it writes the scenario the capture implies and/or the capture as a HAR.
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "harness/app/commands.hpp"
#include "harness/app/scenario_options.hpp"
#include "harness/capture/har_writer.hpp"
#include "harness/capture/record_proxy.hpp"
#include "harness/capture/scenario_writer.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/report/atomic_file.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {
namespace {

struct RecordSettings {
  std::string target;
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string output;  // -o: the scenario
  std::string har;
  std::size_t requests = 0;
  std::string ca_file;
  bool insecure = false;
  double read_timeout = 30;
  double idle_timeout = 30;
  capture::ScenarioOptions scenario;  // --redact, --project-id, --keep-timing
};

capture::RecordOptions proxy_options(const RecordSettings& settings) {
  using runner::ConfigError;
  if (settings.output.empty() && settings.har.empty())
    throw ConfigError("nothing to write: give -o FILE.lua (the scenario), --har FILE.har, or both");
  capture::RecordOptions options;
  try {
    options.target = client::parse_endpoint(settings.target);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("--target: ") + e.what());
  }
  if (!settings.ca_file.empty() && !std::filesystem::is_regular_file(settings.ca_file))
    throw ConfigError("--ca-file " + settings.ca_file + ": no such file");
  check_scenario_options(settings.scenario);
  options.client.ca_file = settings.ca_file;
  options.client.insecure = settings.insecure;
  options.client.read_timeout =
      std::chrono::milliseconds(static_cast<long long>(settings.read_timeout * 1000));
  options.idle_timeout = std::chrono::milliseconds(static_cast<long long>(settings.idle_timeout * 1000));
  options.host = settings.host;
  options.port = settings.port;
  options.max_requests = settings.requests;
  return options;
}

std::string exchanges(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " exchange" : " exchanges");
}

// Writes the HAR first (it cannot refuse a capture) and then the scenario, each on its own: one failing does
// not cost the other. A scenario that cannot be written without a --har asked for leaves the capture as
// FILE.lua.har, so a recording is never lost. kFailed when a file could not be written.
int write_files(const RecordSettings& settings, const capture::Capture& recorded,
                std::chrono::system_clock::time_point started) {
  std::vector<std::string> written;
  bool failed = false;
  auto write_har = [&](const std::string& path) {
    capture::HarOptions har;
    har.redact = settings.scenario.redact;
    har.started = started;
    try {
      report::write_file_atomically(path, capture::write_har(recorded, har));
      written.push_back(path);
    } catch (const std::exception& e) {
      std::cerr << "harness record: " << path << ": " << e.what() << std::endl;
      failed = true;
    }
  };
  if (!settings.har.empty()) write_har(settings.har);
  if (!settings.output.empty()) {
    try {
      report::write_file_atomically(settings.output, capture::write_scenario(recorded, settings.scenario));
      written.insert(written.begin(), settings.output);
    } catch (const std::exception& e) {
      std::cerr << "harness record: " << settings.output << ": " << e.what() << std::endl;
      failed = true;
      if (settings.har.empty()) {
        std::cerr << "harness record: keeping the capture as " << settings.output << ".har" << std::endl;
        write_har(settings.output + ".har");
      }
    }
  }
  if (!written.empty()) {
    std::cout << "harness record: wrote " << exchanges(recorded.exchanges.size()) << " to "
              << written.front();
    for (std::size_t i = 1; i < written.size(); ++i) std::cout << " and " << written[i];
    std::cout << std::endl;
  }
  return failed ? kFailed : kPassed;
}

int execute_record(const RecordSettings& settings) {
  // Before the proxy's threads: SIGINT/SIGTERM become the flag wait() looks at.
  net::SignalWatch signals("stopping the proxy; what was recorded is still written");
  const auto options = proxy_options(settings);
  std::optional<capture::RecordProxy> bound;
  try {
    bound.emplace(options);
  } catch (const std::runtime_error& e) {  // a port in use, a CA file that does not load
    throw runner::ConfigError(e.what());
  }
  auto& proxy = *bound;
  if (settings.insecure && options.target.scheme == "https")
    std::cerr << "harness record: warning: --insecure: the target's certificate is not checked\n";
  const bool ipv6 = options.host.find(':') != std::string::npos;
  std::cout << "harness record: listening on http://" << (ipv6 ? "[" + options.host + "]" : options.host)
            << ":" << proxy.port() << ", forwarding to " << options.target.url() << std::endl;
  std::cerr << "harness record: "
            << (settings.requests > 0 ? "stops after " + exchanges(settings.requests) + ", or on "
                                      : "stops on ")
            << "SIGINT/SIGTERM (Ctrl-C)" << std::endl;
  proxy.wait();
  if (net::interrupted())
    std::cerr << "harness record: " << strsignal(net::interrupt_signal()) << ", stopping" << std::endl;
  proxy.stop();

  const auto recorded = proxy.capture();
  if (recorded.exchanges.empty()) {
    std::cerr << "harness record: no exchange was recorded; nothing written" << std::endl;
    return kFailed;
  }
  return write_files(settings, recorded, proxy.started_at());
}

}  // namespace

Command add_record_command(CLI::App& app) {
  auto settings = std::make_shared<RecordSettings>();
  auto* command = app.add_subcommand("record",
                                     "Record a client's exchanges with an endpoint through a reverse proxy, "
                                     "and write them as a scenario or a HAR");
  command
      ->add_option("--target", settings->target,
                   "The endpoint to forward to: https://HOST[:PORT] (or http://)")
      ->required();
  command->add_option("--port", settings->port, "Port to listen on (0: a free one, printed)")
      ->capture_default_str();
  command->add_option("--host", settings->host, "Address to listen on")->capture_default_str();
  command->add_option("-o,--output", settings->output, "Where to write the scenario (FILE.lua), atomically");
  command->add_option("--har", settings->har, "Where to write the exchanges as a HAR 1.2 file, atomically");
  command->add_option("--requests", settings->requests, "Stop after N exchanges (0: only on SIGINT/SIGTERM)")
      ->capture_default_str();
  command->add_option("--ca-file", settings->ca_file,
                      "Also trust the CA certificates in this PEM file (besides the system's)");
  command->add_flag("--insecure", settings->insecure, "Do not check the target's TLS certificate");
  command
      ->add_option("--read-timeout", settings->read_timeout,
                   "Limit per response of the target, in seconds; later, the client's connection is closed")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", settings->idle_timeout,
                   "Seconds a kept-alive connection may wait for its next request")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_scenario_options(*command, settings->scenario);
  return {command, [settings] { return execute_record(*settings); }};
}

}  // namespace harness::app
