// How the journal keeps its entries (issue 13: a full journal within the fake's 16 MB): each entry packed
// into shared chunks and read back as it was given, and each job's texts behind offsets as narrow as they
// allow. Sizes are asserted as bytes held, never as times.
#include <gtest/gtest.h>

#include <string>

#include "harness/fake/journal.hpp"
#include "harness/fake/packed_job.hpp"
#include "harness/fake/world.hpp"

namespace {

namespace fake = harness::fake;

fake::JournalEntry entry(int i, std::string body = "") {
  return fake::JournalEntry{1'000'000 + i,
                            "GET",
                            "/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/" + std::to_string(i),
                            fake::HeaderList{{"Host", "127.0.0.1:8080"}, {"X-Auth-Token", "bench-token"}},
                            std::move(body),
                            200 + i % 3,
                            i % 2,
                            i % 5 ? "RUNNING" : ""};
}

void expect_same(const fake::JournalEntry& got, const fake::JournalEntry& want) {
  EXPECT_EQ(got.time_ms, want.time_ms);
  EXPECT_EQ(got.method, want.method);
  EXPECT_EQ(got.target, want.target);
  EXPECT_EQ(got.headers.list(), want.headers.list());
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.fault, want.fault);
  EXPECT_EQ(got.served_states, want.served_states);
}

TEST(JournalPacking, ReadsBackEveryFieldOfEveryLengthAndByte) {
  fake::Journal journal;
  // Lengths on both sides of each LEB128 byte (127/128, 16383/16384), a body longer than a chunk, bytes that
  // are not text, empty texts and headers, a negative time and status, a fault index past 255.
  const std::string binary("\0\xff\x80z", 4);
  const fake::JournalEntry given[] = {
      entry(1),
      entry(2, std::string(127, 'a')),
      entry(3, std::string(128, 'b')),
      entry(4, std::string(16383, 'c')),
      entry(5, std::string(16384, 'd')),
      entry(6, std::string(fake::Journal::kChunkBytes + 10, 'e')),
      fake::JournalEntry{-5, "", "", {}, binary, -1, 300, ""},
      fake::JournalEntry{7, "DELETE", "/p?" + binary,
                         fake::HeaderList{{binary, std::string(200, 'v')}, {"", ""}}, "", 0, 0,
                         "INIT SUCCESS FAIL"},
      entry(8),
  };
  for (const auto& e : given) journal.record(e);
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), std::size(given));
  std::size_t i = 0;
  for (const auto& got : entries) expect_same(got, given[i++]);
  i = 0;
  for (const auto view : journal.packed()) {  // in place, without a copy
    EXPECT_EQ(view.target(), given[i].target);
    EXPECT_EQ(view.body().size(), given[i].body.size());
    EXPECT_EQ(view.fault(), given[i].fault);
    EXPECT_EQ(fake::PackedEntry(view).view().unpack().served_states, given[i].served_states);
    ++i;
  }
}

TEST(JournalPacking, KeepsTheNewestInOrderAcrossChunksAndGivesBackTheOldChunks) {
  fake::Journal journal(1000);
  for (int i = 0; i < 20'000; ++i)
    journal.record(entry(i, std::string(static_cast<std::size_t>(i % 300), 'x')));
  EXPECT_EQ(journal.dropped(), 19'000u);
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    expect_same(entries[static_cast<std::size_t>(i)],
                entry(19'000 + i, std::string(static_cast<std::size_t>((19'000 + i) % 300), 'x')));
  // 1,000 entries of ~280 bytes: what the chunks hold stays near that, though 20,000 went through.
  EXPECT_LT(journal.chunk_bytes(), 1000u * 300u + 2 * fake::Journal::kChunkBytes);
  journal.clear();
  EXPECT_EQ(journal.chunk_bytes(), 0u);
  journal.record(entry(1));
  EXPECT_EQ(journal.chunk_bytes(), fake::Journal::kFirstChunkBytes);  // a world that journals a few: 4 KB
}

TEST(JournalPacking, AFullJournalOfBenchRequestsTakesUnderTwoMegabytes) {
  // What bench/run.sh fills: 10,000 GETs of a job with wrk's three headers. As JournalEntry values in a
  // deque this was ~4.2 MB; one heap block each ~2.4 MB.
  fake::Journal journal;
  for (int i = 0; i < 12'000; ++i)
    journal.record(fake::JournalEntry{
        i, "GET", "/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/" + std::string(32, 'a'),
        fake::HeaderList{
            {"Host", "127.0.0.1:45991"}, {"Accept", "application/json"}, {"X-Auth-Token", "bench-token"}},
        "", 200, 0, "SUCCESS"});
  EXPECT_LT(journal.chunk_bytes() + journal.entries().size() * sizeof(const char*), 2'000'000u);
}

TEST(JournalPacking, ACopyHoldsTheSameEntriesAndGoesItsOwnWay) {
  fake::Journal journal(3);
  for (int i = 0; i < 5; ++i) journal.record(entry(i));
  fake::Journal copy = journal;
  copy.record(entry(9));
  ASSERT_EQ(journal.entries().size(), 3u);
  EXPECT_EQ(journal.dropped(), 2u);
  expect_same(journal.entries().back(), entry(4));
  EXPECT_EQ(copy.dropped(), 3u);
  expect_same(copy.entries().front(), entry(3));
  expect_same(copy.entries().back(), entry(9));
  journal = copy;
  expect_same(journal.entries()[1], entry(4));
}

fake::JobSpec job_with_reason(std::string reason) {
  fake::JobSpec spec;
  spec.project_id = "p1";
  spec.job_id = "j1";
  spec.job_type = "stopProtectionGroupNoCG";
  spec.timeline = {"INIT", "RUNNING", "FAIL"};
  spec.error_code = "SDRS.0406";
  spec.fail_reason = std::move(reason);
  spec.entities = {{"server_group_id", "g1"}};
  return spec;
}

TEST(PackedJobOffsets, AreAsNarrowAsTheTextsAllowAndReadBackTheSame) {
  struct Case {
    std::size_t reason;
    std::size_t width;
  };
  for (const auto [reason, width] : {Case{10, 1}, Case{300, 2}, Case{70'000, 4}}) {
    const auto spec = job_with_reason(std::string(reason, 'r'));
    const fake::PackedJob packed(spec);
    EXPECT_EQ(packed.offset_bytes(), width) << reason;
    EXPECT_EQ(packed.fail_reason(), spec.fail_reason.value_or(""));
    EXPECT_EQ(packed.error_code(), "SDRS.0406");
    EXPECT_EQ(packed.project_id(), "p1");
    EXPECT_EQ(packed.last_state(), "FAIL");
    ASSERT_EQ(packed.entities(), 1u);
    EXPECT_EQ(packed.entity(0), std::make_pair(std::string_view("server_group_id"), std::string_view("g1")));
  }
}

}  // namespace
