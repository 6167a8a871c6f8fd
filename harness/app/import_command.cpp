// `harness import CAPTURE [-o FILE.lua]`: a HAR file (what browsers and proxies export) or a journal saved
// from `harness serve` (GET /__admin/requests) turned into a scenario that replays it
// (docs/writing-scenarios.md, "Reproducing a reported failure").

#include <iostream>
#include <memory>
#include <string>

#include "harness/app/commands.hpp"
#include "harness/app/scenario_options.hpp"
#include "harness/capture/capture_file.hpp"
#include "harness/report/atomic_file.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {
namespace {

struct ImportSettings {
  std::string capture;
  std::string output = "-";
  capture::ScenarioOptions scenario;
};

int execute_import(const ImportSettings& settings) {
  check_scenario_options(settings.scenario);
  std::string text;
  std::size_t count = 0;
  try {  // an unreadable capture, or one without a single exchange, is the user's input: exit 2
    const auto read = capture::read_capture_file(settings.capture);
    count = read.exchanges.size();
    text = capture::write_scenario(read, settings.scenario);
  } catch (const capture::CaptureError& e) {
    throw runner::ConfigError(e.what());
  }
  if (settings.output == "-") {
    std::cout << text << std::flush;
    return kPassed;
  }
  try {
    report::write_file_atomically(settings.output, text);
  } catch (const std::exception& e) {
    throw runner::ConfigError(settings.output + ": " + e.what());
  }
  std::cerr << "harness import: wrote " << settings.output << " from " << count
            << (count == 1 ? " exchange" : " exchanges") << " of " << settings.capture << "\n";
  return kPassed;
}

}  // namespace

Command add_import_command(CLI::App& app) {
  auto settings = std::make_shared<ImportSettings>();
  auto* command = app.add_subcommand(
      "import",
      "Turn a capture (a HAR file, or a journal saved from harness serve) into a scenario that replays it");
  command->add_option("capture", settings->capture, "The HAR 1.2 file, or the JSON of GET /__admin/requests")
      ->required();
  command->add_option("-o,--output", settings->output, "Where to write the scenario (- for standard output)")
      ->capture_default_str();
  add_scenario_options(*command, settings->scenario);
  return {command, [settings] { return execute_import(*settings); }};
}

}  // namespace harness::app
