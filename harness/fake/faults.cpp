#include "harness/fake/faults.hpp"

#include "harness/fake/journal.hpp"
#include "harness/fake/query.hpp"

namespace harness::fake {

const char* fault_action_name(FaultAction action) {
  switch (action) {
    case FaultAction::status:
      return "status";
    case FaultAction::delay:
      return "delay";
    case FaultAction::reset:
      return "reset";
    case FaultAction::close:
      return "close";
    case FaultAction::hang:
      return "hang";
    case FaultAction::truncate:
      return "truncate";
    case FaultAction::malformed:
      return "malformed";
    case FaultAction::drip:
      return "drip";
  }
  return "status";
}

bool fault_matches(const FaultSpec& spec, const Request& request) {
  if (!spec.method.empty() && spec.method != request.method) return false;
  if (!path_matches(spec.path, request.path())) return false;
  if (!spec.query.empty()) {
    const Query query(request.query());
    for (const auto& [name, value] : spec.query) {
      const auto* actual = query.get(name);
      if (!actual || *actual != value) return false;
    }
  }
  for (const auto& [name, value] : spec.request_headers) {
    const auto* actual = request.header(name);
    if (!actual || *actual != value) return false;
  }
  return true;
}

bool fault_fires(Fault& fault, std::mt19937_64& random) {
  const auto& spec = fault.spec;
  const int n = ++fault.matched;
  if (spec.after > 0 && n <= spec.after) return false;
  if (spec.nth > 0 && n != spec.nth) return false;
  if (spec.every > 0 && n % spec.every != 0) return false;
  if (spec.times > 0 && fault.fired >= spec.times) return false;
  if (spec.probability < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(random) >= spec.probability)
    return false;
  ++fault.fired;
  return true;
}

}  // namespace harness::fake
