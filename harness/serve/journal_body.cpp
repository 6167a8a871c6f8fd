#include "harness/serve/journal_body.hpp"

#include <openssl/evp.h>
#include <algorithm>
#include <cctype>
#include <map>

#include "harness/fake/json_text.hpp"
#include "harness/fake/utf8.hpp"
#include "harness/fake/world.hpp"

namespace harness::serve {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// A JSON string as nlohmann's dump (with U+FFFD for bad bytes) writes it. Printable ASCII without '"' or
// '\\' (methods, paths, most header values) is copied as it is; anything else goes through nlohmann, so
// escapes and invalid UTF-8 stay exactly the library's.
void append_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) plain &= static_cast<unsigned char>(c - 0x20) < 0x5f && c != '"' && c != '\\';
  if (!plain) {
    out += fake::json_text(nlohmann::json(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

void append_member(std::string& out, const char* name, std::string_view text) {
  out += '"';
  out += name;
  out += "\":";
  append_string(out, text);
}

// name -> value, in the byte order of names, as a JSON object would hold them.
using Members = std::map<std::string, std::string>;

// Values as JSON strings.
void append_object(std::string& out, const Members& members) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : members) {
    if (!first) out += ',';
    first = false;
    append_string(out, name);
    out += ':';
    append_string(out, value);
  }
  out += '}';
}

void append_entry(std::string& out, const fake::PackedEntryView& entry) {
  const std::string_view target = entry.target();
  const auto q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string::npos ? std::string_view() : target.substr(q + 1);
  Members headers, raw_headers;
  for (auto [name, value] : entry.headers()) {  // names are tokens: Beast's parser lets nothing else through
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    if (!fake::is_valid_utf8(value)) raw_headers[name] = base64(value);
    headers[name] = std::move(value);  // a name given twice shows its last value
  }
  // Members in the order nlohmann::json keeps them: sorted by name.
  out += '{';
  append_member(out, "at", fake::format_time(entry.time_ms()));
  // "base64": the exact bytes of what is not UTF-8, each member's JSON text by name (sorted, as above).
  Members raw;
  auto raw_string = [&raw](const char* name, std::string_view bytes) {
    if (fake::is_valid_utf8(bytes)) return;
    std::string text;
    append_string(text, base64(bytes));
    raw[name] = std::move(text);
  };
  raw_string("body", entry.body());
  raw_string("path", path);
  raw_string("query", query);
  if (!raw_headers.empty()) append_object(raw["headers"], raw_headers);
  if (!raw.empty()) {
    out += ",\"base64\":{";
    bool first = true;
    for (const auto& [name, text] : raw) {
      out += first ? "\"" : ",\"";
      first = false;
      out += name;
      out += "\":";
      out += text;
    }
    out += '}';
  }
  out += ',';
  append_member(out, "body", entry.body());
  out += ",\"fault\":" + std::to_string(entry.fault());
  out += ",\"headers\":";
  append_object(out, headers);
  out += ',';
  append_member(out, "method", entry.method());
  out += ',';
  append_member(out, "path", path);
  out += ',';
  append_member(out, "query", query);
  // The job (then sub-job) states a job-status answer served, for a reader to rebuild the jobs' timelines
  // (harness import); only when there were some, so other entries stay as they were.
  if (!entry.served_states().empty()) {
    out += ',';
    append_member(out, "states", entry.served_states());
  }
  out += ",\"status\":" + std::to_string(entry.status());
  out += ",\"time\":";
  out += nlohmann::json(static_cast<double>(entry.time_ms() - fake::World::kEpochMs) / 1000.0).dump();
  out += '}';
}

}  // namespace

JournalSnapshot snapshot_journal(const fake::Journal& journal, const fake::JournalFilter& filter) {
  JournalSnapshot snapshot{fake::Journal(journal.packed().size()), journal.dropped()};
  for (const auto entry : journal.packed())
    if (filter.matches(entry)) snapshot.entries.record(fake::EntryParts::of(entry));
  return snapshot;
}

std::string journal_body(const JournalSnapshot& snapshot) {
  // Sized once for the usual entry (a few short headers, printable text), so the body is not copied as it
  // grows: a full journal's body is megabytes.
  std::size_t estimate = 64;
  for (const auto entry : snapshot.entries.packed()) {
    estimate += 160 + entry.target().size() + entry.body().size() + entry.method().size() +
                entry.headers().bytes() + entry.served_states().size();
  }
  std::string out;
  out.reserve(estimate);
  out += "{\"dropped\":" + std::to_string(snapshot.dropped) + ",\"requests\":[";
  bool first = true;
  for (const auto entry : snapshot.entries.packed()) {
    if (!first) out += ',';
    first = false;
    append_entry(out, entry);
  }
  out += "]}";
  return out;
}

}  // namespace harness::serve
