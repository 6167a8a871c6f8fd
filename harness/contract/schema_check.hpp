#pragma once
// A schema file made ready for validation, and validation with our own pointers and reasons.
#include <filesystem>
#include <memory>
#include <vector>

#include <boost/json/fwd.hpp>
#include <nlohmann/json_fwd.hpp>

#include "harness/contract/fixture_store.hpp"

namespace harness::contract::detail {

class CompiledSchema;  // the schema document and its valijson form; immutable once built

// Reads, lints and compiles a schema file. Throws FixtureError naming the file (and the pointer when known).
std::shared_ptr<const CompiledSchema> compile_schema(const std::filesystem::path& file);

// The most specific violations, ordered by pointer, without duplicates; empty when value conforms.
// Safe to call from several threads on one CompiledSchema. Throws FixtureError if the validator itself fails.
std::vector<Violation> check_value(const CompiledSchema& schema, const nlohmann::json& value);
// The same for a value from parse_plain_json (plain_json.hpp), which is checked as it is; only when it does
// not conform is it converted, and the violations found as for its nlohmann form.
std::vector<Violation> check_plain_value(const CompiledSchema& schema, const boost::json::value& value);

// How many valijson validators check_value has built for `schema`: each keeps its compiled "pattern"
// regexes, so this stays at the number of checks that ever ran at once (tests hold it to that).
std::size_t validators_made(const CompiledSchema& schema);

}  // namespace harness::contract::detail
