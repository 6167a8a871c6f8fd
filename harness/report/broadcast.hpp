#pragma once
// Fans every reporter event out to several reporters, so the runner (and serve) talk to one.
#include <utility>
#include <vector>

#include "harness/report/reporter.hpp"

namespace harness::report {

class Broadcast : public Reporter {
 public:
  explicit Broadcast(std::vector<Reporter*> reporters) : reporters_(std::move(reporters)) {}
  void run_starting(std::size_t files) override {
    for (auto* r : reporters_) r->run_starting(files);
  }
  void suite_starting(const std::string& file) override {
    for (auto* r : reporters_) r->suite_starting(file);
  }
  void case_ended(const SuiteResult& suite, const CaseResult& result) override {
    for (auto* r : reporters_) r->case_ended(suite, result);
  }
  void suite_ended(const SuiteResult& suite) override {
    for (auto* r : reporters_) r->suite_ended(suite);
  }
  void run_ended(const RunResult& run) override {
    for (auto* r : reporters_) r->run_ended(run);
  }

 private:
  std::vector<Reporter*> reporters_;
};

}  // namespace harness::report
