#pragma once
// -x/--maxfail: counts the failed and errored cases as they end, and says when the run should stop.
#include <atomic>
#include <string>

#include "harness/report/reporter.hpp"

namespace harness::runner {

class FailureCount : public report::Reporter {
 public:
  explicit FailureCount(int limit) : limit_(limit) {}  // 0: no limit

  void case_ended(const report::SuiteResult&, const report::CaseResult& result) override {
    if (result.outcome == report::Outcome::failed || result.outcome == report::Outcome::errored)
      if (++count_ >= limit_ && limit_ > 0) reached_ = true;
  }
  bool reached() const { return reached_; }
  // The skip reason of what did not run, and the summary's.
  std::string reason() const {
    return "stopped after " + std::to_string(limit_) + " failed or errored case" + (limit_ == 1 ? "" : "s") +
           " (-x/--maxfail)";
  }
  // For CaseSelection::halted.
  std::string halted() const { return reached() ? reason() : std::string(); }

 private:
  int limit_;
  std::atomic<int> count_{0};
  std::atomic<bool> reached_{false};
};

}  // namespace harness::runner
