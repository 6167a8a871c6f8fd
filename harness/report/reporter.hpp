#pragma once
// Reporters listen to a run; the runner never knows which formats are on.
#include "harness/report/results.hpp"

namespace harness::report {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void run_starting(std::size_t /*files*/) {}
  virtual void suite_starting(const std::string& /*file*/) {}
  virtual void suite_ended(const SuiteResult& /*suite*/) {}
  virtual void case_ended(const SuiteResult& /*suite*/, const CaseResult& /*result*/) {}
  virtual void run_ended(const RunResult& /*run*/) {}
};

}  // namespace harness::report
