// The only door to valijson: compiling a schema and turning valijson's findings into Violations.
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1  // otherwise valijson prints and aborts on a bad schema
#endif
#include "harness/contract/schema_check.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include <boost/json/value.hpp>
#include <nlohmann/json.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "harness/contract/json_file.hpp"
#include "harness/contract/json_pointer.hpp"
#include "harness/contract/plain_json.hpp"
#include "harness/contract/reasons.hpp"
#include "harness/contract/schema_lint.hpp"
#include "harness/contract/schema_walk.hpp"
#include "harness/contract/utf8_strings.hpp"
#include "harness/contract/valijson_messages.hpp"

namespace harness::contract::detail {

class CompiledSchema {
 public:
  std::string file;         // as shown in messages
  nlohmann::json document;  // the schema as written, for our own reasons
  valijson::Schema schema;  // built from document

  // A valijson Validator compiles each "pattern" once into its own cache, which validate() writes to: a
  // validator is lent to one check at a time and comes back with its cache filled. There are at most as many
  // as checks ever ran at once (the runner's --jobs).
  std::unique_ptr<valijson::Validator> borrow_validator() const {
    {
      const std::lock_guard lock(idle_mutex_);
      if (!idle_.empty()) {
        auto validator = std::move(idle_.back());
        idle_.pop_back();
        return validator;
      }
    }
    ++validators_made_;
    return std::make_unique<valijson::Validator>(valijson::Validator::kStrongTypes);
  }
  void give_back(std::unique_ptr<valijson::Validator> validator) const {
    const std::lock_guard lock(idle_mutex_);
    idle_.push_back(std::move(validator));
  }
  std::size_t validators_made() const { return validators_made_; }

  // Whether `target` conforms, by a borrowed validator. Throws FixtureError if the validator fails.
  template <typename Adapter>
  bool validate(const Adapter& target, valijson::ValidationResults* results) const {
    auto validator = borrow_validator();
    bool valid = false;
    try {
      valid = validator->validate(schema, target, results);
    } catch (const std::exception& e) {
      // Not given back: a validator that threw half-way is not trusted with the next value.
      throw FixtureError(file, "", std::string("the validator failed: ") + e.what());
    }
    give_back(std::move(validator));
    return valid;
  }

 private:
  mutable std::mutex idle_mutex_;
  mutable std::vector<std::unique_ptr<valijson::Validator>> idle_;
  mutable std::atomic<std::size_t> validators_made_{0};
};

namespace {

struct Located {
  Tokens at;
  std::string description;
  MessageKind kind;
};

// valijson's context {"<root>", "[entities]", "[sub_jobs]", "[0]"} -> {"entities", "sub_jobs", "0"}.
Tokens tokens_of(const std::vector<std::string>& context) {
  Tokens tokens;
  for (std::size_t i = 0; i < context.size(); ++i) {
    const std::string& part = context[i];
    if (i == 0 && part == "<root>") continue;
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      tokens.push_back(part.substr(1, part.size() - 2));
    } else {
      tokens.push_back(part);
    }
  }
  return tokens;
}

bool within(const Tokens& inner, const Tokens& outer) {
  return inner.size() >= outer.size() && std::equal(outer.begin(), outer.end(), inner.begin());
}

// Drops summaries whose failure is reported by a non-summary at the same or a deeper location.
std::vector<Located> specific(const std::vector<Located>& all) {
  std::vector<Located> out;
  for (const Located& error : all) {
    const bool explained =
        error.kind.summary && std::any_of(all.begin(), all.end(), [&](const Located& other) {
          return !other.kind.summary && within(other.at, error.at);
        });
    if (!explained) out.push_back(error);
  }
  return out;
}

// Our reasons for the errors valijson found at one location; valijson's text where we have none.
void explain(const CompiledSchema& compiled, const nlohmann::json& value, const Tokens& at,
             const std::vector<const Located*>& errors, std::vector<Violation>& out) {
  const std::string pointer = join_pointer(at);
  const nlohmann::json* here = resolve(value, at);
  std::vector<Finding> findings;
  if (here != nullptr) findings = local_failures(*here, schemas_at(compiled.document, value, at));
  std::set<std::string> used;
  for (const Located* error : errors) {
    const std::string& keyword = error->kind.keyword;
    const bool ours = !keyword.empty() && std::any_of(findings.begin(), findings.end(),
                                                      [&](const Finding& f) { return f.keyword == keyword; });
    if (!ours) {
      out.push_back({pointer, tidy_message(error->description)});
      continue;
    }
    if (!used.insert(keyword).second) continue;
    for (const Finding& finding : findings) {
      if (finding.keyword == keyword) out.push_back({pointer, finding.reason});
    }
  }
}

}  // namespace

std::shared_ptr<const CompiledSchema> compile_schema(const std::filesystem::path& file) {
  auto compiled = std::make_shared<CompiledSchema>();
  compiled->file = display_path(file);
  compiled->document = read_json_file(file);
  lint_schema(compiled->document, compiled->file);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const valijson::adapters::NlohmannJsonAdapter adapter(compiled->document);
    parser.populateSchema(adapter, compiled->schema);
  } catch (const std::exception& e) {
    throw FixtureError(compiled->file, "", std::string("the validator rejects the schema: ") + e.what());
  }
  return compiled;
}

std::size_t validators_made(const CompiledSchema& compiled) {
  return compiled.validators_made();
}

std::vector<Violation> check_value(const CompiledSchema& compiled, const nlohmann::json& value) {
  if (auto at = first_string_not_utf8(value))
    return {{*at, "is not UTF-8 text (JSON strings are UTF-8, RFC 8259)"}};
  valijson::ValidationResults results;
  if (compiled.validate(valijson::adapters::NlohmannJsonAdapter(value), &results)) return {};

  std::vector<Located> all;
  for (const auto& error : results) {
    all.push_back({tokens_of(error.context), error.description, classify_message(error.description)});
  }
  std::map<Tokens, std::vector<const Located*>> by_location;
  const std::vector<Located> kept = specific(all);
  for (const Located& error : kept) by_location[error.at].push_back(&error);

  std::vector<Violation> out;
  for (const auto& [at, errors] : by_location) explain(compiled, value, at, errors, out);
  if (out.empty()) out.push_back({"", "does not conform to the schema"});

  std::sort(out.begin(), out.end(), [](const Violation& a, const Violation& b) {
    if (a.pointer != b.pointer) return pointer_less(a.pointer, b.pointer);
    return a.reason < b.reason;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Violation& a, const Violation& b) {
                          return a.pointer == b.pointer && a.reason == b.reason;
                        }),
            out.end());
  return out;
}

std::vector<Violation> check_plain_value(const CompiledSchema& compiled, const boost::json::value& value) {
  // No UTF-8 walk: the parser refused strings that are not. No results: they are found again below, from the
  // nlohmann form our reasons are written for, so that they are exactly the ones that form always gave.
  if (compiled.validate(valijson::adapters::BoostJsonAdapter(value), nullptr)) return {};
  return check_value(compiled, to_nlohmann(value));
}

}  // namespace harness::contract::detail
