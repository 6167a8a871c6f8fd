#include "harness/report/coverage.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace harness::report {
namespace {

void add_counts(Counts& into, const Counts& from) {
  for (const auto& [name, count] : from) into[name] += count;
}

template <typename Map>
std::string never_seen(const Map& counts) {
  std::ostringstream out;
  bool first = true;
  for (const auto& [name, count] : counts)
    if (count == 0) {
      out << (first ? "" : " ") << name;
      first = false;
    }
  return out.str();
}

template <typename Map>
std::size_t seen(const Map& counts) {
  std::size_t n = 0;
  for (const auto& entry : counts) n += entry.second > 0;
  return n;
}

nlohmann::json status_json(const std::map<int, std::uint64_t>& statuses) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [status, count] : statuses) out[std::to_string(status)] = count;
  return out;
}

// The field `name` of `object` as an object of counts, or empty when absent.
template <typename Key, typename Convert>
std::map<Key, std::uint64_t> read_counts(const nlohmann::json& object, const char* name,
                                         const std::string& where, Convert convert) {
  std::map<Key, std::uint64_t> out;
  if (!object.contains(name)) return out;
  const auto& counts = object.at(name);
  if (!counts.is_object()) throw std::runtime_error(where + "/" + name + ": expected an object of counts");
  for (const auto& [key, value] : counts.items()) {
    if (!value.is_number_unsigned())
      throw std::runtime_error(where + "/" + name + "/" + key + ": expected a count (an integer >= 0)");
    out[convert(key, where + "/" + name + "/" + key)] = value.template get<std::uint64_t>();
  }
  return out;
}

std::string as_name(const std::string& key, const std::string&) {
  return key;
}

int as_status(const std::string& key, const std::string& where) {
  std::size_t used = 0;
  int status = 0;
  try {
    status = std::stoi(key, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != key.size() || status < 100 || status > 599)
    throw std::runtime_error(where + ": not an HTTP status");
  return status;
}

std::uint64_t read_number(const nlohmann::json& document, const char* name, const std::string& where) {
  if (!document.contains(name)) return 0;
  if (!document.at(name).is_number_unsigned())
    throw std::runtime_error(where + "/" + name + ": expected an integer >= 0");
  return document.at(name).get<std::uint64_t>();
}

}  // namespace

const std::vector<std::string>& fault_kinds() {
  static const std::vector<std::string> kinds = {"status", "delay",    "reset",     "close",
                                                 "hang",   "truncate", "malformed", "drip"};
  return kinds;
}

void Coverage::merge(const Coverage& other) {
  collected = collected || other.collected;
  for (const auto& [id, theirs] : other.endpoints) {
    auto& mine = endpoints[id];
    mine.service = theirs.service;
    mine.key = theirs.key;
    for (const auto& [status, count] : theirs.statuses) mine.statuses[status] += count;
    for (const auto& [status, count] : theirs.undocumented) mine.undocumented[status] += count;
    add_counts(mine.query, theirs.query);
    // A status one side counted as undocumented is documented when the other side's table lists it.
    for (auto it = mine.undocumented.begin(); it != mine.undocumented.end();) {
      if (auto documented = mine.statuses.find(it->first); documented != mine.statuses.end()) {
        documented->second += it->second;
        it = mine.undocumented.erase(it);
      } else {
        ++it;
      }
    }
  }
  add_counts(faults, other.faults);
  add_counts(job_states, other.job_states);
  add_counts(sub_job_states, other.sub_job_states);
  requests += other.requests;
  unmatched_requests += other.unmatched_requests;
  journal_dropped += other.journal_dropped;
}

std::vector<std::string> Coverage::status_gaps() const {
  std::vector<std::string> gaps;
  for (const auto& [id, endpoint] : endpoints)
    if (auto missing = never_seen(endpoint.statuses); !missing.empty())
      gaps.push_back(endpoint.service + " " + endpoint.key + ": " + missing);
  return gaps;
}

nlohmann::json coverage_to_json(const Coverage& coverage) {
  nlohmann::json doc;
  doc["format"] = "harness-coverage/1";
  doc["collected"] = coverage.collected;
  doc["endpoints"] = nlohmann::json::array();
  for (const auto& [id, endpoint] : coverage.endpoints) {
    nlohmann::json row;
    row["service"] = endpoint.service;
    row["endpoint"] = endpoint.key;
    row["statuses"] = status_json(endpoint.statuses);
    row["undocumented_statuses"] = status_json(endpoint.undocumented);
    row["query_parameters"] = endpoint.query;
    doc["endpoints"].push_back(std::move(row));
  }
  doc["faults"] = coverage.faults;
  doc["job_states"] = coverage.job_states;
  doc["sub_job_states"] = coverage.sub_job_states;
  doc["requests"] = coverage.requests;
  doc["unmatched_requests"] = coverage.unmatched_requests;
  doc["journal_dropped"] = coverage.journal_dropped;
  doc["gaps"]["statuses"] = coverage.status_gaps();  // for readers; recomputed, never read back
  return doc;
}

Coverage coverage_from_json(const nlohmann::json& document, const std::string& source) {
  if (!document.is_object() || document.value("format", "") != "harness-coverage/1")
    throw std::runtime_error(source + ": not a coverage file (expected \"format\": \"harness-coverage/1\")");
  Coverage coverage;
  coverage.collected = document.value("collected", false);
  if (document.contains("endpoints")) {
    if (!document.at("endpoints").is_array())
      throw std::runtime_error(source + ": /endpoints: expected an array");
    std::size_t i = 0;
    for (const auto& row : document.at("endpoints")) {
      const std::string where = source + ": /endpoints/" + std::to_string(i++);
      if (!row.is_object() || !row.contains("service") || !row.at("service").is_string() ||
          !row.contains("endpoint") || !row.at("endpoint").is_string())
        throw std::runtime_error(where + ": needs \"service\" and \"endpoint\" strings");
      EndpointCoverage endpoint;
      endpoint.service = row.at("service").get<std::string>();
      endpoint.key = row.at("endpoint").get<std::string>();
      endpoint.statuses = read_counts<int>(row, "statuses", where, as_status);
      endpoint.undocumented = read_counts<int>(row, "undocumented_statuses", where, as_status);
      endpoint.query = read_counts<std::string>(row, "query_parameters", where, as_name);
      coverage.endpoints[endpoint.service + ":" + endpoint.key] = std::move(endpoint);
    }
  }
  const std::string where = source + ": ";
  coverage.faults = read_counts<std::string>(document, "faults", where, as_name);
  coverage.job_states = read_counts<std::string>(document, "job_states", where, as_name);
  coverage.sub_job_states = read_counts<std::string>(document, "sub_job_states", where, as_name);
  coverage.requests = read_number(document, "requests", where);
  coverage.unmatched_requests = read_number(document, "unmatched_requests", where);
  coverage.journal_dropped = read_number(document, "journal_dropped", where);
  return coverage;
}

Coverage read_coverage_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the coverage file");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not JSON: " + e.what());
  }
  return coverage_from_json(document, path);
}

void print_coverage(std::ostream& out, const Coverage& coverage) {
  if (!coverage.collected) {
    out << "\ncoverage: none collected (no fake answered this run)\n";
    return;
  }
  out << "\ncoverage (documented statuses answered by the fake):\n";
  std::size_t all = 0, hit = 0;
  for (const auto& [id, endpoint] : coverage.endpoints) {
    all += endpoint.statuses.size();
    hit += seen(endpoint.statuses);
    const auto missing = never_seen(endpoint.statuses);
    out << "  " << seen(endpoint.statuses) << "/" << endpoint.statuses.size() << "  " << endpoint.service
        << " " << endpoint.key;
    if (!missing.empty()) out << "  never: " << missing;
    out << "\n";
  }
  auto line = [&](const char* what, const Counts& counts) {
    const auto missing = never_seen(counts);
    out << "  " << seen(counts) << "/" << counts.size() << "  " << what;
    if (!missing.empty()) out << "  never: " << missing;
    out << "\n";
  };
  line("fault kinds", coverage.faults);
  line("job states", coverage.job_states);
  line("sub-job states", coverage.sub_job_states);
  out << "statuses: " << hit << " of " << all << " documented statuses exercised";
  if (hit == all) out << " (full status coverage)";
  out << "\n";
  if (coverage.journal_dropped > 0)
    out << "note: " << coverage.journal_dropped << " requests not counted (a full journal dropped them)\n";
}

}  // namespace harness::report
