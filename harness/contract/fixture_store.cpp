// FixtureStore: fixtures by name, loaded lazily and cached behind one mutex.
#include "harness/contract/fixture_store.hpp"

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "harness/contract/json_file.hpp"
#include "harness/contract/schema_check.hpp"

namespace harness::contract {

struct FixtureStore::Cache {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const detail::CompiledSchema>> schemas;
  std::map<std::string, std::shared_ptr<const nlohmann::json>> documents;
};

namespace {

// Fixture names stay inside the fixtures folder: "sdrs/job_status", never "../x" or "/etc/x".
std::filesystem::path fixture_path(const std::filesystem::path& root, const std::string& name,
                                   const char* suffix) {
  const std::filesystem::path relative(name);
  bool escapes = name.empty() || relative.is_absolute() || name.find('\\') != std::string::npos;
  for (const auto& part : relative) escapes = escapes || part == "..";
  if (escapes)
    throw FixtureError((root / (name + suffix)).generic_string(), "",
                       "a fixture name is a path inside the fixtures folder, like \"sdrs/job_status\"");
  return root / (name + suffix);
}

}  // namespace

FixtureStore::FixtureStore(std::filesystem::path root)
    : root_(std::move(root)), cache_(std::make_unique<Cache>()) {}

FixtureStore::~FixtureStore() = default;

std::shared_ptr<const detail::CompiledSchema> FixtureStore::schema(const std::string& schema_name) const {
  // Compiling under the lock keeps one copy per name; a failure is not cached, so a fixed file is picked up.
  const std::lock_guard lock(cache_->mutex);
  auto& slot = cache_->schemas[schema_name];
  if (!slot) {
    try {
      slot = detail::compile_schema(fixture_path(root_, schema_name, ".schema.json"));
    } catch (...) {
      cache_->schemas.erase(schema_name);
      throw;
    }
  }
  return slot;
}

// Both outside the lock: validation only reads the schema.
std::vector<Violation> FixtureStore::check(const std::string& schema_name,
                                           const nlohmann::json& value) const {
  return detail::check_value(*schema(schema_name), value);
}

std::vector<Violation> FixtureStore::check_plain(const std::string& schema_name,
                                                 const boost::json::value& value) const {
  return detail::check_plain_value(*schema(schema_name), value);
}

nlohmann::json FixtureStore::load(const std::string& name) const {
  const std::lock_guard lock(cache_->mutex);
  auto& slot = cache_->documents[name];
  if (!slot) {
    try {
      slot =
          std::make_shared<const nlohmann::json>(detail::read_json_file(fixture_path(root_, name, ".json")));
    } catch (...) {
      cache_->documents.erase(name);
      throw;
    }
  }
  return *slot;
}

}  // namespace harness::contract
