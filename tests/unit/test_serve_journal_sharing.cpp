// Entries with the same headers share one header block in the journal's chunk (issue 13: the fake's peak
// memory with the journal full), and read back byte for byte as they were given. Sizes are asserted as bytes
// held, never as times.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "harness/fake/journal.hpp"
#include "harness/serve/journal_body.hpp"

namespace {

namespace fake = harness::fake;

const fake::HeaderList kWrkHeaders{
    {"Host", "127.0.0.1:45991"}, {"Accept", "application/json"}, {"X-Auth-Token", "bench-token"}};

fake::EntryParts get(int i, const fake::HeaderList& headers, const std::string& target) {
  return fake::EntryParts{.time_ms = 1'000 + i,
                          .method = "GET",
                          .target = target,
                          .headers = &headers,
                          .packed_headers = {},
                          .body = {},
                          .status = 200,
                          .fault = 0,
                          .served_states = "RUNNING"};
}

// "GET /x", no headers, no body, no states.
fake::EntryParts short_entry(std::int64_t time_ms, int status, int fault) {
  return fake::EntryParts{.time_ms = time_ms,
                          .method = "GET",
                          .target = "/x",
                          .headers = nullptr,
                          .packed_headers = {},
                          .body = {},
                          .status = status,
                          .fault = fault,
                          .served_states = {}};
}

std::string target(int i) {
  return "/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/" + std::to_string(i);
}

TEST(JournalSharing, TwoEntriesWithTheSameHeadersShareOneBlock) {
  fake::Journal journal;
  journal.record(get(1, kWrkHeaders, target(1)));
  journal.record(get(2, kWrkHeaders, target(2)));  // NOLINT(bugprone-use-after-move): usable again
  const auto packed = journal.packed();
  ASSERT_EQ(packed.size(), 2u);
  const auto first = packed[0].headers().packed();
  const auto second = packed[1].headers().packed();
  EXPECT_EQ(first.data(), second.data());  // the same bytes, not a copy
  EXPECT_EQ(first, second);
  EXPECT_EQ(packed[1].headers().list(), kWrkHeaders);
  // The second entry holds a reference of a few bytes where the first holds the block.
  EXPECT_LE(packed[1].size() + first.size(), packed[0].size() + 4);
  // The byte accounting: what the chunk used is the entries' own sizes.
  EXPECT_EQ(journal.used_bytes(), packed[0].size() + packed[1].size());
}

TEST(JournalSharing, DifferentHeadersAreKeptApartAndEachReadsBackItsOwn) {
  fake::Journal journal;
  const fake::HeaderList other{{"Host", "127.0.0.1:45991"}, {"Accept", "text/plain"}};
  const fake::HeaderList longer{kWrkHeaders[0], kWrkHeaders[1], kWrkHeaders[2], {"X-Extra", "1"}};
  const fake::HeaderList shorter{kWrkHeaders[0], kWrkHeaders[1]};
  const fake::HeaderList* order[] = {&kWrkHeaders, &other, &longer, &shorter, &kWrkHeaders, &other};
  int i = 0;
  for (const auto* headers : order) {
    journal.record(get(i, *headers, target(i)));
    ++i;
  }
  i = 0;
  for (const auto entry : journal.packed()) {
    EXPECT_EQ(entry.headers().list(), *order[i]) << i;
    EXPECT_EQ(entry.target(), target(i)) << i;
    EXPECT_EQ(entry.served_states(), "RUNNING");
    ++i;
  }
  const auto packed = journal.packed();
  EXPECT_EQ(packed[4].headers().packed().data(), packed[0].headers().packed().data());
  EXPECT_EQ(packed[5].headers().packed().data(), packed[1].headers().packed().data());
  EXPECT_NE(packed[2].headers().packed().data(), packed[0].headers().packed().data());
  EXPECT_NE(packed[3].headers().packed().data(), packed[0].headers().packed().data());
}

TEST(JournalSharing, AFullJournalOfOneClientsRequestsHoldsItsHeadersOncePerChunk) {
  // What bench/run.sh fills: 10,000 GETs with wrk's three headers.
  fake::Journal journal;
  for (int i = 0; i < 12'000; ++i) journal.record(get(i, kWrkHeaders, target(i)));
  const auto packed = journal.packed();
  ASSERT_EQ(packed.size(), fake::Journal::kDefaultCapacity);
  std::size_t entry_bytes = 0;
  std::size_t own_blocks = 0;
  for (std::size_t i = 0; i < packed.size(); ++i) {
    entry_bytes += packed[i].size();
    const char* block = packed[i].headers().packed().data();
    own_blocks += block > packed[i].data() ? 1 : 0;  // held in the entry itself, not behind it
    EXPECT_EQ(packed[i].headers().list(), kWrkHeaders);
  }
  EXPECT_LE(own_blocks, journal.chunk_bytes() / fake::Journal::kChunkBytes + 2);  // one per chunk
  // Each entry without its ~70 header bytes: ~120 bytes, against ~190 unshared.
  EXPECT_LT(entry_bytes, 10'000u * 130u);
  EXPECT_LE(entry_bytes, journal.used_bytes());  // the rest: the dropped entries of the oldest chunk
  EXPECT_LT(journal.chunk_bytes(), 10'000u * 130u + 2 * fake::Journal::kChunkBytes);
}

TEST(JournalSharing, ASnapshotAndACopyStandAloneWithTheSameBytes) {
  auto journal = std::make_unique<fake::Journal>();
  for (int i = 0; i < 3; ++i) journal->record(get(i, kWrkHeaders, target(i)));
  const auto snapshot = harness::serve::snapshot_journal(*journal, fake::JournalFilter{});
  const auto body = harness::serve::journal_body(snapshot);
  fake::Journal copy = *journal;
  journal.reset();  // the chunks the shared blocks were in are gone
  ASSERT_EQ(snapshot.entries.entries().size(), 3u);
  for (const auto& entry : snapshot.entries.entries()) EXPECT_EQ(entry.headers.list(), kWrkHeaders);
  // The snapshot shares its header blocks as the journal does.
  const auto packed = snapshot.entries.packed();
  EXPECT_EQ(packed[0].headers().packed().data(), packed[2].headers().packed().data());
  for (int i = 0; i < 3; ++i) {
    const auto entry = fake::PackedEntry(packed[static_cast<std::size_t>(i)]);  // stands alone too
    EXPECT_EQ(entry.view().headers().list(), kWrkHeaders);
    EXPECT_EQ(entry.view().target(), target(i));
  }
  EXPECT_EQ(harness::serve::journal_body(snapshot), body);
  ASSERT_EQ(copy.entries().size(), 3u);
  for (const auto& entry : copy.entries()) EXPECT_EQ(entry.headers.list(), kWrkHeaders);
  EXPECT_NE(body.find(R"("headers":{"accept":"application/json","host":"127.0.0.1:45991",)"),
            std::string::npos);
}

TEST(JournalSharing, AnEmptiedOnlyChunkForgetsItsBlocks) {
  // Capacity 1: each entry drops the one before, and the only chunk is written again from its start, so a
  // block remembered in it would be overwritten by the entry that refers to it.
  fake::Journal journal(1);
  const fake::HeaderList other{{"Accept", "text/plain"}};
  journal.record(get(1, kWrkHeaders, target(1)));
  journal.record(get(2, kWrkHeaders, target(2)));  // NOLINT(bugprone-use-after-move): usable again
  journal.record(get(3, other, target(3)));
  journal.record(get(4, kWrkHeaders, target(4)));
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(journal.entries().front().headers.list(), kWrkHeaders);
  EXPECT_EQ(journal.entries().front().target, target(4));
  EXPECT_EQ(journal.dropped(), 3u);
}

TEST(JournalSharing, AnEmptiedOnlyChunkTooSmallForTheNextEntryIsGivenBack) {
  // Capacity 1 and an entry larger than the emptied chunk: that chunk, with no entry left to count down,
  // was kept, and with it every chunk after it (300 MB for 25,000 such entries).
  fake::Journal journal(1);
  const std::string big(fake::Journal::kChunkBytes + 100, 'b');
  for (int i = 0; i < 200; ++i) {
    const std::string path = target(i);  // the parts are views: what they show must outlive them
    auto parts = get(i, kWrkHeaders, path);
    if (i % 2 == 1) parts.body = big;
    journal.record(parts);
  }
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(journal.entries().front().body, big);
  EXPECT_LT(journal.chunk_bytes(), 3 * fake::Journal::kChunkBytes);
}

TEST(JournalSharing, TimeStatusAndFaultTakeTheBytesTheirValuesNeedAndReadBackAtEveryExtreme) {
  fake::Journal journal;
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const std::int64_t times[] = {0, -1, 1, 63, -64, 64, 1'764'650'000'000, kMin, kMax};
  const int numbers[] = {
      0, -1, 200, 300, -300, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()};
  for (const auto time : times)
    for (const int number : numbers) journal.record(short_entry(time, number, number / 2));
  std::size_t i = 0;
  for (const auto time : times)
    for (const int number : numbers) {
      const auto entry = journal.packed()[i++];
      EXPECT_EQ(entry.time_ms(), time);
      EXPECT_EQ(entry.status(), number);
      EXPECT_EQ(entry.fault(), number / 2);
      EXPECT_EQ(entry.target(), "/x");
    }
  // A time of today (6 bytes), 200 (2) and no fault (1), then "GET", "/x" and three empty texts: 19 bytes,
  // where fixed widths for the numbers took 26.
  journal.record(short_entry(1'764'650'000'000, 200, 0));
  EXPECT_EQ(journal.packed().back().size(), 19u);
}

TEST(JournalSharing, AMovedFromJournalRecordsAgainOnItsOwn) {
  fake::Journal journal;
  journal.record(get(1, kWrkHeaders, target(1)));
  fake::Journal moved = std::move(journal);
  journal.record(get(2, kWrkHeaders, target(2)));  // NOLINT(bugprone-use-after-move): usable again
  moved.record(get(3, kWrkHeaders, target(3)));
  EXPECT_EQ(journal.entries().front().headers.list(), kWrkHeaders);
  EXPECT_EQ(moved.entries().back().headers.list(), kWrkHeaders);
}

}  // namespace
