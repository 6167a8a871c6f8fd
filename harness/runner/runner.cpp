#include "harness/runner/runner.hpp"

#include <chrono>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/runner/error_catalog.hpp"

namespace harness::runner {
namespace {

// Fans one event out to every reporter.
class Broadcast : public report::Reporter {
 public:
  explicit Broadcast(const std::vector<report::Reporter*>& reporters) : reporters_(reporters) {}
  void suite_starting(const std::string& file) override {
    for (auto* r : reporters_) r->suite_starting(file);
  }
  void case_ended(const report::SuiteResult& suite, const report::CaseResult& result) override {
    for (auto* r : reporters_) r->case_ended(suite, result);
  }
  void run_ended(const report::RunResult& run) override {
    for (auto* r : reporters_) r->run_ended(run);
  }

 private:
  const std::vector<report::Reporter*>& reporters_;
};

report::SuiteResult run_file(const std::string& file, const RunOptions& options,
                             const contract::FixtureStore& fixtures,
                             const std::shared_ptr<const fake::World::ErrorCatalog>& catalog,
                             report::Reporter& listener) {
  // Each file gets a fresh world and its own server, so files never see each other's state.
  fake::SharedWorld world(options.seed);
  world.with([&](fake::World& w) { w.set_error_catalog(catalog); });
  fake::FakeServer server(world, fake::ServerOptions{});
  client::HttpClient client(client::Endpoint{"http", server.host(), server.port()});
  script::ScenarioEnv env{&world, client, fixtures, options.project_id, options.limits};
  auto suite = script::run_scenario(file, env, &listener);
  suite.properties.emplace_back("harness.project_id", env.project_id);
  return suite;
}

}  // namespace

report::RunResult run(const RunOptions& options, const std::vector<report::Reporter*>& reporters) {
  const auto files = discover(options.paths);
  if (files.empty()) throw ConfigError("no scenario files (*.lua) found in the given paths");
  std::error_code ec;
  if (!std::filesystem::is_directory(options.fixtures, ec))
    throw ConfigError(options.fixtures.string() + ": the fixtures folder does not exist (see --fixtures)");
  contract::FixtureStore fixtures(options.fixtures);
  std::shared_ptr<const fake::World::ErrorCatalog> catalog;
  try {
    catalog = load_error_catalog(fixtures);
  } catch (const contract::FixtureError& e) {
    throw ConfigError(std::string("broken status table: ") + e.what());
  }

  Broadcast listener(reporters);
  report::RunResult run;
  run.seed = options.seed;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& file : files) {
    listener.suite_starting(file);
    run.suites.push_back(run_file(file, options, fixtures, catalog, listener));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  listener.run_ended(run);
  return run;
}

}  // namespace harness::runner
