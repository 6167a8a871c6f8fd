#pragma once
// The body of GET /__admin/requests, written straight as text from a snapshot of the journal: the world lock
// is held only to copy the entries the filter keeps, and no JSON tree is built (one per entry, dumped and
// parsed back under the lock, cost +23 MB for a moment on a full journal of 10,000 entries).
#include <cstdint>
#include <string>

#include "harness/fake/journal.hpp"
#include "harness/fake/spec.hpp"

namespace harness::serve {

struct JournalSnapshot {
  // Those the filter keeps, oldest first, packed as the journal packs them (header blocks shared, a chunk
  // for many entries): a block of its own per entry took more than the journal itself.
  fake::Journal entries{0};
  std::uint64_t dropped = 0;
};

// Under the world lock: copies, nothing else.
JournalSnapshot snapshot_journal(const fake::Journal& journal, const fake::JournalFilter& filter);

// {"dropped": N, "requests": [...]}, byte for byte what nlohmann::json writes for the same journal (keys in
// its sorted order). A path, query, header value or body that is not valid UTF-8 is shown with U+FFFD for
// each bad byte, and its exact bytes are in the entry's "base64" object under the same name ("path",
// "query", "body", "headers": {name: ...}). Header names are lower case; of a name given twice the last
// value is shown. "states": the job states a job-status answer served (PackedEntry::served_states(): the
// job's, then its sub-jobs', space-separated), only on entries that served some.
std::string journal_body(const JournalSnapshot& snapshot);

}  // namespace harness::serve
