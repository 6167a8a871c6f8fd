// GET /__admin/requests is written straight as text from a snapshot (harness/serve/journal_body.cpp). Its
// body must stay byte for byte what the admin API answered when it built a nlohmann::json per entry: that
// builder is kept here, as it was, as the reference.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <algorithm>
#include <cctype>

#include "harness/fake/json_text.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/utf8.hpp"
#include "harness/serve/admin.hpp"
#include "harness/serve/journal_body.hpp"

namespace {

namespace fake = harness::fake;
namespace serve = harness::serve;
using Json = nlohmann::json;

// --- the builder GET /__admin/requests used before (harness/serve/admin.cpp at c9bedb6)
// ----------------------
std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

void put_text(Json& item, Json& raw, const std::string& name, std::string text) {
  if (!fake::is_valid_utf8(text)) raw[name] = base64(text);
  item[name] = std::move(text);
}

std::string reference_body(const fake::Journal& journal, const fake::JournalFilter& filter = {}) {
  Json list = Json::array();
  for (const auto& entry : journal.entries()) {
    if (!filter.matches(entry)) continue;
    const auto q = entry.target.find('?');
    const std::string entry_path = entry.target.substr(0, q);
    Json item;
    Json raw = Json::object();
    item["method"] = entry.method;
    put_text(item, raw, "path", entry_path);
    put_text(item, raw, "query", q == std::string::npos ? "" : entry.target.substr(q + 1));
    Json headers = Json::object();
    Json raw_headers = Json::object();
    for (auto [name, value] : entry.headers) {
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      put_text(headers, raw_headers, name, std::move(value));
    }
    item["headers"] = std::move(headers);
    if (!raw_headers.empty()) raw["headers"] = std::move(raw_headers);
    put_text(item, raw, "body", entry.body);
    item["time"] = static_cast<double>(entry.time_ms - fake::World::kEpochMs) / 1000.0;
    item["at"] = fake::format_time(entry.time_ms);
    item["status"] = entry.status;
    item["fault"] = entry.fault;
    if (!raw.empty()) item["base64"] = std::move(raw);
    if (!entry.served_states.empty()) item["states"] = entry.served_states;  // added for harness import
    list.push_back(std::move(item));
  }
  return fake::json_text(Json{{"requests", std::move(list)}, {"dropped", journal.dropped()}});
}
// ------------------------------------------------------------------------------------------------------------

std::string written(const fake::Journal& journal, const fake::JournalFilter& filter = {}) {
  return serve::journal_body(serve::snapshot_journal(journal, filter));
}

fake::JournalEntry entry(std::string method, std::string target, fake::HeaderList headers, std::string body,
                         std::int64_t time_ms, int status, int fault, std::string served_states = "") {
  return {time_ms, std::move(method),       std::move(target), headers, std::move(body), status,
          fault,   std::move(served_states)};
}

TEST(JournalBody, EmptyIsTheSame) {
  fake::Journal journal;
  EXPECT_EQ(written(journal), reference_body(journal));
  EXPECT_EQ(written(journal), R"({"dropped":0,"requests":[]})");
}

// Every member and every kind of text: escapes, control characters, UTF-8, bytes that are not UTF-8 in each
// place (alone and together, so "base64" holds every combination), names given twice in two cases, times
// before and after the epoch and between milliseconds.
TEST(JournalBody, EveryKindOfEntryIsWrittenAsTheJsonTreeWroteIt) {
  fake::Journal journal;
  const std::int64_t t0 = fake::World::kEpochMs;
  journal.record(
      entry("GET", "/v1/p1/jobs/abc", {{"Host", "127.0.0.1:8080"}, {"Accept", "*/*"}}, "", t0, 200, 0));
  journal.record(entry("POST", "/v1/p1/jobs?limit=10&offset=0", {{"Content-Type", "application/json"}},
                       R"({"a": "quote \" back \\ slash", "tab": "\t", "ctl": "\u0001"})", t0 + 1500, 201,
                       0));
  journal.record(entry("GET", "/v1/p/jobs/\xff?q=\xfe", {{"X-Name", "caf\xe9"}, {"X-Ok", "caf\xc3\xa9"}},
                       "\xc3\x28", t0 + 1, 503, 2));
  journal.record(entry("GET", "/only/bad/query?\xfe", {{"X-Bad", "\x80"}}, "", t0 + 999, 0, 1));
  journal.record(entry("GET", "/only/bad/path\xc0", {}, "", t0 - 2500, 404, 0));
  journal.record(entry("DELETE", "/body/bad", {{"X-Bad", "\x81"}}, "\xf5", t0 + 123456789, 204, 0));
  journal.record(
      entry("GET", "/twice", {{"X-Twice", "first"}, {"x-twice", "second\x01"}, {"B", "b"}}, "", t0, 200, 0));
  journal.record(
      entry("GET", "/twice/bad", {{"X-T", "\xff"}, {"x-t", "ok"}}, "line\nbreak\r\x7f", t0 + 7, 200, 0));
  journal.record(
      entry("PUT", "/\xe2\x82\xac/euro?x=\xe2\x82\xac", {{"X-Euro", "\xe2\x82\xac"}}, "{}", t0 + 10, 200, 0));
  journal.record(entry("GET", "/v1/p1/jobs/j1", {}, "", t0 + 11, 200, 0, "RUNNING SUCCESS FAIL"));
  journal.record(entry("GET", "/v1/p1/jobs/\xff", {}, "", t0 + 12, 200, 0, "INIT"));
  const auto ours = written(journal);
  EXPECT_EQ(ours, reference_body(journal));
  EXPECT_FALSE(Json::parse(ours, nullptr, false).is_discarded());
}

TEST(JournalBody, FiltersAndDroppedAreTheSame) {
  fake::Journal journal(3);
  for (int i = 0; i < 5; ++i)
    journal.record(entry(i % 2 ? "POST" : "GET",
                         "/v1/p1/jobs/" + std::to_string(i) + "?limit=" + std::to_string(i), {{"Host", "h"}},
                         "", fake::World::kEpochMs + i * 250, i % 2 ? 503 : 200, i % 2));
  EXPECT_EQ(written(journal), reference_body(journal));
  for (const auto& spec : {Json{{"method", "GET"}}, Json{{"status", 503}}, Json{{"path", "/v1/*/jobs/3"}},
                           Json{{"fault", 0}}, Json{{"query", {{"limit", "4"}}}}}) {
    const auto filter = fake::journal_filter(spec);
    EXPECT_EQ(written(journal, filter), reference_body(journal, filter)) << spec.dump();
  }
}

// Through the admin API, as a client reads it, on journals the router itself wrote.
TEST(JournalBody, TheAdminApiAnswersTheSameBytes) {
  fake::SharedWorld world;
  serve::AdminApi admin{
      world, {.host = "127.0.0.1", .project_id = "p1", .world_file = "w.lua", .port = 8080}, [] {}};
  world.with([](fake::World& w) {
    fake::JobSpec job;
    job.project_id = "p1";
    job.job_id = "j1";
    job.job_type = "createProtectionGroupNoCG";
    job.timeline = {"RUNNING", "SUCCESS"};
    w.add_job(std::move(job));
    fake::serve(w, {"GET", "/v1/p1/jobs/j1", "", {{"Host", "127.0.0.1:8080"}, {"X-Auth-Token", "t"}}});
    fake::serve(w, {"GET", "/v1/p1/jobs/nope?x=1", "", {{"Host", "127.0.0.1:8080"}}});
    w.advance(2500);
    fake::serve(w,
                {"POST", "/v1/p/jobs/\xff", "\xc3\x28", {{"Host", "127.0.0.1:8080"}, {"X-Name", "caf\xe9"}}});
  });
  for (const char* target :
       {"/__admin/requests", "/__admin/requests?method=GET", "/__admin/requests?status=404"}) {
    auto answer = admin.handle({"GET", target, "", {{"Host", "127.0.0.1:8080"}}});
    ASSERT_TRUE(answer.has_value());
    ASSERT_EQ(answer->status, 200) << answer->body;
    const std::string query = std::string(target).find('?') == std::string::npos
                                  ? ""
                                  : std::string(target).substr(std::string(target).find('?') + 1);
    Json spec = Json::object();
    if (query == "method=GET") spec = {{"method", "GET"}};
    if (query == "status=404") spec = {{"status", 404}};
    const auto filter = fake::journal_filter(spec);
    const auto reference = world.with([&](fake::World& w) { return reference_body(w.journal(), filter); });
    EXPECT_EQ(answer->body, reference) << target;
  }
}

// The job states each job-status answer served are in its entry, and only there: a journal gives the jobs
// their timelines (harness import).
TEST(JournalBody, AJobStatusEntryNamesTheStatesItServed) {
  fake::World world;
  fake::JobSpec job;
  job.project_id = "p1";
  job.job_id = "j1";
  job.job_type = "createProtectionGroupNoCG";
  job.timeline = {"RUNNING", "SUCCESS"};
  world.add_job(std::move(job));
  for (const char* target : {"/v1/p1/jobs/j1", "/v1/p1/jobs/j1", "/v1/p1/jobs/nope"}) {
    fake::Request request;
    request.method = "GET";
    request.target = target;
    request.headers = {{"Host", "h"}};
    fake::serve(world, std::move(request));
  }
  const auto body = Json::parse(written(world.journal()));
  ASSERT_EQ(body["requests"].size(), 3u);
  EXPECT_EQ(body["requests"][0]["states"], "RUNNING");
  EXPECT_EQ(body["requests"][1]["states"], "SUCCESS");
  EXPECT_FALSE(body["requests"][2].contains("states")) << body["requests"][2].dump();
}

}  // namespace
