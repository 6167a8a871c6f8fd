#pragma once
// A world file of `harness serve`: its top level sets a world with the same fake.* calls a scenario uses, and
// it may define check(title, fn): assertions on the live world (its journal) that run after a client command
// ended. No Lua type crosses this header.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/fake/handler_desk.hpp"
#include "harness/report/reporter.hpp"
#include "harness/report/results.hpp"
#include "harness/script/scenario.hpp"

namespace harness::script {

// The file does not load, its top level fails, or it calls case(). what() starts "file:line: " where the line
// is known; detail() adds Lua's traceback.
class WorldScriptError : public std::runtime_error {
 public:
  WorldScriptError(const std::string& message, std::string detail)
      : std::runtime_error(message), detail_(std::move(detail)) {}
  const std::string& detail() const { return detail_; }

 private:
  std::string detail_;
};

class WorldScript {
 public:
  // Runs `file`'s top level into *env.world (which must not be null) in a fresh sandboxed Lua state, under
  // env.limits. Throws WorldScriptError.
  WorldScript(const std::string& file, ScenarioEnv env);
  ~WorldScript();
  WorldScript(const WorldScript&) = delete;
  WorldScript& operator=(const WorldScript&) = delete;

  const std::string& file() const;
  std::vector<std::string> check_titles() const;
  const std::string& output() const;  // what the top level printed
  // A file not named *.world.lua is a scenario served as a world: its top level is the world, and the
  // case()s it defines are counted, not run.
  std::size_t cases_not_run() const;

  // From now on fake.* (in checks) reads and changes `world`, e.g. the live world the server serves.
  void attach(fake::SharedWorld& world);

  // A request for one of the file's Lua-function endpoints, answered on this (the main) thread, finished in
  // the attached world. Never throws.
  fake::Response answer(fake::HandlerCall& call);
  // The messages ("file:line: ...") of handlers that failed while no http.* of the file was waiting (which
  // raises them itself), once each.
  std::vector<std::string> take_handler_errors();

  // Runs every check `selection` selects (-k, --tag, --lf) in the order defined (--ff: selection.first
  // first), with the outcomes cases get (failure, error, skip, timeout), as one suite named after the file;
  // once selection.halted() says so
  // (-x, --maxfail), the rest are skipped.
  report::SuiteResult run_checks(report::Reporter* listener = nullptr, const CaseSelection& selection = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::script
