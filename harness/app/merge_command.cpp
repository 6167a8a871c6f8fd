// `harness merge OUT.xml IN.xml...`: one report from the reports of several shards.
#include <iostream>

#include "harness/app/commands.hpp"
#include "harness/report/atomic_file.hpp"
#include "harness/report/junit_merge.hpp"

namespace harness::app {

Command add_merge_command(CLI::App& app) {
  struct Settings {
    std::string output;
    std::vector<std::string> inputs;
  };
  auto settings = std::make_shared<Settings>();
  auto* command = app.add_subcommand("merge", "Join JUnit reports (e.g. of CI shards) into one");
  command->add_option("output", settings->output, "The merged report to write")->required();
  command->add_option("inputs", settings->inputs, "The reports to join")
      ->required()
      ->check(CLI::ExistingFile);
  return {command, [settings] {
            std::vector<std::filesystem::path> inputs(settings->inputs.begin(), settings->inputs.end());
            report::write_file_atomically(settings->output, report::merge_junit(inputs));
            std::cout << "merged " << inputs.size() << " reports into " << settings->output << "\n";
            return kPassed;
          }};
}

}  // namespace harness::app
