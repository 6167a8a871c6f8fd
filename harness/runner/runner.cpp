#include "harness/runner/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/net/interrupt.hpp"
#include "harness/report/broadcast.hpp"
#include "harness/runner/coverage_collect.hpp"
#include "harness/runner/error_catalog.hpp"
#include "harness/runner/failure_count.hpp"
#include "harness/runner/rerun_plan.hpp"

namespace harness::runner {
namespace {

report::SuiteResult run_file(const std::string& file, const RunOptions& options,
                             const contract::FixtureStore& fixtures,
                             const std::shared_ptr<const fake::World::ErrorCatalog>& catalog,
                             report::Reporter& listener, report::Coverage& coverage) {
  if (options.target) {  // a real endpoint: no world, no fake
    client::HttpClient client(*options.target, options.client);
    script::ScenarioEnv env{nullptr, client, fixtures, options.project_id, options.limits, options.selection};
    env.passing_output = options.passing_output;
    auto suite = script::run_scenario(file, env, &listener);
    suite.properties.emplace_back("harness.target", options.target->url());
    suite.properties.emplace_back("harness.project_id", env.project_id);
    return suite;
  }
  // Each file gets a fresh world and its own server, so files never see each other's state.
  fake::SharedWorld world(options.seed);
  world.with([&](fake::World& w) { w.set_error_catalog(catalog); });
  fake::FakeServer server(world, fake::ServerOptions{});
  client::HttpClient client(client::Endpoint{"http", server.host(), server.port()}, options.client);
  script::ScenarioEnv env{&world, client, fixtures, options.project_id, options.limits, options.selection};
  env.passing_output = options.passing_output;
  if (options.coverage)
    env.case_ran = [&] { world.with([&](fake::World& w) { collect_coverage(w, coverage); }); };
  auto suite = script::run_scenario(file, env, &listener);
  suite.properties.emplace_back("harness.project_id", env.project_id);
  return suite;
}

// A path discovery could not use (a symlink loop): one errored case naming it, so the run goes on and the
// report still says what was not run.
report::SuiteResult bad_path_suite(const std::string& path, const std::string& problem) {
  report::SuiteResult suite;
  suite.file = path;
  report::CaseResult result;
  result.name = "(find " + path + ")";
  result.outcome = report::Outcome::errored;
  result.type = "discovery";
  result.message = path + ": cannot be run: " + problem;
  result.detail = result.message;
  suite.cases.push_back(std::move(result));
  return suite;
}

// A file the run never reached because SIGINT/SIGTERM or --maxfail stopped it: listed, so the report shows
// what was cut off.
report::SuiteResult not_started_suite(const std::string& file, const std::string& reason) {
  report::SuiteResult suite;
  suite.file = file;
  report::CaseResult result;
  result.name = "(all cases of " + file + ")";
  result.outcome = report::Outcome::skipped;
  result.message = reason + " before the file started";
  suite.cases.push_back(std::move(result));
  return suite;
}

// The case the signal cut short errs with the signal's words (from the Lua hook or the client); its type
// says so, instead of "timeout" or "transport".
void mark_interrupted(report::SuiteResult& suite) {
  const std::string reason = net::interrupt_reason();
  for (auto& result : suite.cases)
    if (result.outcome == report::Outcome::errored && result.message.find(reason) != std::string::npos)
      result.type = "interrupted";
}

}  // namespace

std::vector<std::string> shard(const std::vector<std::string>& files, int index, int count) {
  if (count < 1 || index < 1 || index > count)
    throw ConfigError("--shard " + std::to_string(index) + "/" + std::to_string(count) +
                      ": needs 1 <= I <= N, e.g. --shard 2/4");
  std::vector<std::string> mine;
  for (std::size_t i = static_cast<std::size_t>(index - 1); i < files.size();
       i += static_cast<std::size_t>(count))
    mine.push_back(files[i]);
  return mine;
}

report::RunResult run(const RunOptions& given, const std::vector<report::Reporter*>& reporters) {
  RunOptions options = given;  // the selection gets the run's own hooks below
  const Discovery found = discover(options.paths);
  const auto& files = found.files;
  if (files.empty()) throw ConfigError("no scenario files (*.lua) found in the given paths");
  std::error_code ec;
  if (!std::filesystem::is_directory(options.fixtures, ec))
    throw ConfigError(options.fixtures.string() + ": the fixtures folder does not exist (see --fixtures)");
  contract::FixtureStore fixtures(options.fixtures);
  std::shared_ptr<const fake::World::ErrorCatalog> catalog;
  report::Coverage documented;
  try {
    catalog = load_error_catalog(fixtures);
    if (options.coverage && !options.target) documented = documented_coverage(fixtures);
  } catch (const contract::FixtureError& e) {
    throw ConfigError(std::string("broken status table: ") + e.what());
  }

  const auto mine = plan_rerun(shard(files, options.shard_index, options.shard_count), options.rerun,
                               options.last_failed, options.selection);

  FailureCount failures(options.max_failures);
  if (options.max_failures > 0) options.selection.halted = [&failures] { return failures.halted(); };
  std::vector<report::Reporter*> listeners = reporters;
  listeners.push_back(&failures);
  report::Broadcast listener(listeners);
  report::RunResult run;
  run.seed = options.seed;
  const auto started = std::chrono::steady_clock::now();
  listener.run_starting(mine.size());
  // Workers take files in order; results are kept in file order, so a parallel run reports as a serial one.
  std::vector<report::SuiteResult> suites(mine.size());
  std::vector<report::Coverage> coverages(mine.size(), documented);  // per file, so workers never share one
  std::vector<char> taken(mine.size(), 0);  // each slot written by the worker that took the file
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t i; !net::interrupted() && !failures.reached() && (i = next++) < mine.size();) {
      taken[i] = 1;
      try {
        listener.suite_starting(mine[i]);
        if (auto problem = found.problems.find(mine[i]); problem != found.problems.end()) {
          suites[i] = bad_path_suite(mine[i], problem->second);
          listener.case_ended(suites[i], suites[i].cases.back());
        } else {
          suites[i] = run_file(mine[i], options, fixtures, catalog, listener, coverages[i]);
        }
        if (net::interrupted()) mark_interrupted(suites[i]);
        listener.suite_ended(suites[i]);
      } catch (...) {  // a start-up failure (e.g. no port to bind): stop taking files, rethrow on the
                       // caller's thread
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = mine.size();
      }
    }
  };
  const int workers = std::clamp(options.jobs, 1, std::max<int>(1, static_cast<int>(mine.size())));
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
  if (net::interrupted() || failures.reached()) {
    run.interrupted = net::interrupted() ? net::interrupt_reason() : failures.reason();
    const std::string& reason = run.interrupted;
    for (std::size_t i = 0; i < mine.size(); ++i)
      if (!taken[i]) suites[i] = not_started_suite(mine[i], reason);
  }
  // A file none of whose cases were selected is not part of the run (a file that failed to load still is).
  for (auto& suite : suites)
    if (!suite.cases.empty() || !suite.error_output.empty()) run.suites.push_back(std::move(suite));
  if (options.coverage && !options.target) {
    run.coverage = std::move(documented);
    for (const auto& coverage : coverages) run.coverage.merge(coverage);
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  listener.run_ended(run);
  return run;
}

}  // namespace harness::runner
