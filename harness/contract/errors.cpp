// Violation and FixtureError: the two values the contract module hands out.
#include "harness/contract/fixture_store.hpp"

namespace harness::contract {
namespace {

std::string compose(const std::string& file, const std::string& pointer, const std::string& why) {
  std::string text = file;
  if (!pointer.empty()) text += ": " + pointer;
  return text + ": " + why;
}

}  // namespace

std::string Violation::text() const {
  return pointer.empty() ? reason : pointer + ": " + reason;
}

FixtureError::FixtureError(std::string file, std::string pointer, const std::string& why)
    : std::runtime_error(compose(file, pointer, why)), file_(std::move(file)), pointer_(std::move(pointer)) {}

}  // namespace harness::contract
