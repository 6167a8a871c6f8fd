// Fixture and schema loading, and `conforms`, on arbitrary JSON. An input "SCHEMA\n===\nDOCUMENT" loads
// SCHEMA as a fixture file (read, linted, compiled) and checks DOCUMENT against it; an input without the
// separator is a document checked against every schema under fixtures/. A broken schema may only raise
// FixtureError; a document, whatever it is, only yields violations. Where Boost.JSON parses a document
// (parse_plain_json, as for response bodies), its value and its violations must be nlohmann's.
#include <unistd.h>
#include <algorithm>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "harness/contract/fixture_store.hpp"
#include "harness/contract/plain_json.hpp"

namespace {

namespace contract = harness::contract;
constexpr std::string_view kSeparator = "\n===\n";

const std::filesystem::path& scratch_root() {
  static const std::filesystem::path root = [] {
    auto dir =
        std::filesystem::temp_directory_path() / ("harness-fuzz-contract-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "fuzz");
    return dir;
  }();
  return root;
}

std::vector<std::string> real_schema_names(const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".schema.json";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    auto relative = std::filesystem::relative(entry.path(), root).generic_string();
    names.push_back(relative.substr(0, relative.size() - suffix.size()));
  }
  return names;
}

// Each violation must say where it is: an RFC 6901 pointer is empty or starts with '/'.
void check_violations(const std::vector<contract::Violation>& violations) {
  for (const auto& violation : violations) {
    if (!violation.pointer.empty() && violation.pointer[0] != '/') std::abort();
    if (violation.text().empty()) std::abort();
  }
}

// The same JSON types all the way down: == takes 1 for 1.0, dump() an unsigned for a signed integer.
bool same_types(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_types(a[i], b[i])) return false;
  } else if (a.is_object()) {
    for (auto item = a.begin(), other = b.begin(); item != a.end(); ++item, ++other)
      if (item.key() != other.key() || !same_types(item.value(), other.value())) return false;
  }
  return true;
}

bool same_violations(const std::vector<contract::Violation>& a, const std::vector<contract::Violation>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.pointer == y.pointer && x.reason == y.reason;
  });
}

void against_real_fixtures(std::string_view text) {
  static const std::filesystem::path root = std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures";
  static const contract::FixtureStore store(root);
  static const std::vector<std::string> names = real_schema_names(root);
  const auto document = nlohmann::json::parse(text, nullptr, false);
  const auto plain = contract::parse_plain_json(text, 64);
  if (plain && document.is_discarded()) std::abort();  // Boost.JSON took a text nlohmann refuses
  if (document.is_discarded()) return;
  if (plain) {
    const nlohmann::json converted = contract::to_nlohmann(*plain);
    if (converted != document || converted.dump() != document.dump() || !same_types(converted, document))
      std::abort();
  }
  for (const auto& name : names) {
    const auto violations = store.check(name, document);  // a real fixture never throws
    check_violations(violations);
    if (plain && !same_violations(store.check_plain(name, *plain), violations)) std::abort();
  }
}

void against_own_schema(std::string_view schema, std::string_view text) {
  const auto file = scratch_root() / "fuzz" / "input.schema.json";
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(schema.data(), schema.size());
  const contract::FixtureStore store(scratch_root());  // a fresh store: its cache must not hide the new file
  const auto document = nlohmann::json::parse(text, nullptr, false);
  try {
    check_violations(store.check("fuzz/input", document.is_discarded() ? nlohmann::json(text) : document));
    store.load("fuzz/input.schema");
  } catch (const contract::FixtureError& e) {
    if (e.file().empty()) std::abort();  // a broken fixture is reported with its file
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find(kSeparator);
  if (split == std::string_view::npos) {
    against_real_fixtures(input);
  } else {
    against_own_schema(input.substr(0, split), input.substr(split + kSeparator.size()));
  }
  return 0;
}
