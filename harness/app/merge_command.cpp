// `harness merge OUT.xml IN.xml...`: one report from the reports of several shards.
#include <iostream>

#include "harness/app/commands.hpp"
#include "harness/app/report_outputs.hpp"
#include "harness/report/atomic_file.hpp"
#include "harness/report/junit_merge.hpp"
#include "harness/report/junit_read.hpp"
#include "harness/runner/runner.hpp"

namespace harness::app {

Command add_merge_command(CLI::App& app) {
  struct Settings {
    std::string output;
    std::vector<std::string> inputs;
    ReportOutputs outputs;  // --html of the merged report; shards' coverage joined from --coverage-from
  };
  auto settings = std::make_shared<Settings>();
  auto* command = app.add_subcommand("merge", "Join JUnit reports (e.g. of CI shards) into one");
  command->add_option("output", settings->output, "The merged report to write")->required();
  command->add_option("inputs", settings->inputs, "The reports to join")
      ->required()
      ->check(CLI::ExistingFile);
  add_html_option(command, settings->outputs);
  command
      ->add_option("--coverage-from", settings->outputs.coverage_inputs,
                   "A shard's --coverage-json file to join (repeat for each shard)")
      ->check(CLI::ExistingFile);
  add_coverage_options(command, settings->outputs);
  return {
      command, [settings] {
        const auto& outputs = settings->outputs;
        if (outputs.coverage_inputs.empty() &&
            (outputs.coverage_table || !outputs.coverage_json.empty() || !outputs.require.empty()))
          throw runner::ConfigError(
              "--coverage, --coverage-json and --require-coverage need --coverage-from");
        std::vector<std::filesystem::path> inputs(settings->inputs.begin(), settings->inputs.end());
        report::write_file_atomically(settings->output, report::merge_junit(inputs));
        std::cout << "merged " << inputs.size() << " reports into " << settings->output << "\n";
        report::Coverage coverage;
        for (const auto& file : outputs.coverage_inputs) coverage.merge(report::read_coverage_file(file));
        if (!outputs.html.empty()) {
          auto run = report::read_junit(settings->output);
          run.coverage = coverage;
          report::write_file_atomically(outputs.html, report::write_html(run, {typed_command_line(), ""}));
          std::cout << "html: " << outputs.html << "\n";
        }
        return outputs.finish_coverage(coverage, std::cout) ? kPassed : kFailed;
      }};
}

}  // namespace harness::app
