#pragma once
// The contract in data files: JSON Schemas and documented examples under fixtures/.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>
#include <nlohmann/json_fwd.hpp>

namespace harness::contract {
namespace detail {
class CompiledSchema;
}

// One reason a value does not conform: where (RFC 6901 pointer, "" for the root) and why.
struct Violation {
  std::string pointer;
  std::string reason;  // e.g. "\"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT"
  // "/status: \"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT"; for the root, the reason alone.
  std::string text() const;
};

// A fixture file that cannot be used: names the file and, where known, the JSON pointer inside it.
// what(): "<file>: <pointer>: <why>" ("<file>: <why>" when the pointer is empty), e.g.
// "fixtures/sdrs/job_status.schema.json: /properties/status/enum: must be a non-empty array".
class FixtureError : public std::runtime_error {
 public:
  FixtureError(std::string file, std::string pointer, const std::string& why);
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }

 private:
  std::string file_;
  std::string pointer_;
};

// Loads fixtures lazily by name and caches them; safe to share between threads.
class FixtureStore {
 public:
  explicit FixtureStore(std::filesystem::path root);
  ~FixtureStore();
  FixtureStore(const FixtureStore&) = delete;
  FixtureStore& operator=(const FixtureStore&) = delete;

  // "sdrs/job_status" -> <root>/sdrs/job_status.schema.json. Empty result: the value conforms.
  // Throws FixtureError when the schema is missing or broken.
  std::vector<Violation> check(const std::string& schema_name, const nlohmann::json& value) const;
  // The same for a value from parse_plain_json (plain_json.hpp): the same violations as for its nlohmann
  // form.
  std::vector<Violation> check_plain(const std::string& schema_name, const boost::json::value& value) const;

  // "sdrs/job_status.example" -> <root>/sdrs/job_status.example.json, parsed. Throws FixtureError.
  nlohmann::json load(const std::string& name) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  struct Cache;
  // The compiled schema of that name, compiled on first use. Throws FixtureError.
  std::shared_ptr<const detail::CompiledSchema> schema(const std::string& schema_name) const;
  std::filesystem::path root_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace harness::contract
