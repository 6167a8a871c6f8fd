// Faults and the journal without a socket: path patterns, matching, schedules, the seeded generator, what
// serve() records, the journal's bound, and which fault kinds let a polled job advance.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/fake/journal.hpp"
#include "harness/fake/router.hpp"
#include "harness/fake/world.hpp"

using namespace harness::fake;
using Json = nlohmann::json;

namespace {

Request make_request(std::string method, std::string target, HeaderList headers = {}, std::string body = "") {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

Request get(const std::string& target, HeaderList headers = {}) {
  return make_request("GET", target, std::move(headers));
}

FaultSpec status_fault(int status, std::string path = "**") {
  FaultSpec spec;
  spec.path = std::move(path);
  spec.status = status;
  return spec;
}

std::string add_job(World& world, std::vector<std::string> timeline) {
  JobSpec spec;
  spec.project_id = "p1";
  spec.job_type = "createProtectionGroupNoCG";
  spec.timeline = std::move(timeline);
  return world.add_job(spec);
}

// Serves `count` requests for `target` and returns, for each, the number of the fault that answered it (0:
// none), as the journal recorded it.
std::vector<int> answered_by(World& world, int count, const std::string& target = "/v1/p1/jobs/x") {
  std::vector<int> faults;
  for (int i = 0; i < count; ++i) {
    serve(world, get(target));
    faults.push_back(world.journal().entries().back().fault);
  }
  return faults;
}

// Which of `count` requests a single fault with the given schedule answered: "x" fired, "." did not.
std::string schedule_pattern(FaultSpec spec, int count, std::uint64_t seed = 0) {
  World world(seed);
  world.add_fault(std::move(spec));
  std::string pattern;
  for (int fault : answered_by(world, count)) pattern += fault == 1 ? 'x' : '.';
  return pattern;
}

}  // namespace

// --- path_matches
// ---------------------------------------------------------------------------------------------

TEST(PathMatches, StarMatchesWithinOneSegmentOnly) {
  EXPECT_TRUE(path_matches("/v1/*/jobs/*", "/v1/p1/jobs/abc"));
  EXPECT_TRUE(path_matches("/v1/*/jobs/*", "/v1/p1/jobs/"));  // '*' may be empty
  EXPECT_FALSE(path_matches("/v1/*/jobs/*", "/v1/p1/x/jobs/abc"));
  EXPECT_FALSE(path_matches("/v1/*/jobs/*", "/v1/p1/jobs/abc/def"));
  EXPECT_TRUE(path_matches("/v1/p*/jobs", "/v1/p1/jobs"));
  EXPECT_TRUE(path_matches("/v1/p*/jobs", "/v1/p/jobs"));
  EXPECT_FALSE(path_matches("/v1/p*/jobs", "/v1/q1/jobs"));
  EXPECT_FALSE(path_matches("/v1/*x/jobs", "/v1/ab/x/jobs"));
  EXPECT_TRUE(path_matches("*", "abc"));
  EXPECT_TRUE(path_matches("*", ""));
  EXPECT_FALSE(path_matches("*", "/abc"));
  EXPECT_FALSE(path_matches("/*", "/a/b"));
}

TEST(PathMatches, DoubleStarCrossesSegments) {
  EXPECT_TRUE(path_matches("**", ""));
  EXPECT_TRUE(path_matches("**", "/v1/p1/jobs/abc"));
  EXPECT_TRUE(path_matches("/v1/**", "/v1/p1/jobs/abc"));
  EXPECT_TRUE(path_matches("/v1/**", "/v1/"));
  EXPECT_FALSE(path_matches("/v1/**", "/v3/p1/tasks"));
  EXPECT_TRUE(path_matches("**/jobs/*", "/v1/p1/jobs/abc"));
  EXPECT_FALSE(path_matches("**/jobs/*", "/v1/p1/jobs/abc/x"));
  EXPECT_TRUE(path_matches("/v1/**/batch", "/v1/p/task-center/failure-jobs/batch"));
  EXPECT_TRUE(path_matches("/v1/**/batch", "/v1/p/task-center/g/failure-jobs/batch"));
  EXPECT_FALSE(path_matches("/v1/**/batch", "/v1/p/task-center/failure-jobs/batch2"));
}

TEST(PathMatches, ExactAndTrailingSlash) {
  EXPECT_TRUE(path_matches("/v1/p1/jobs", "/v1/p1/jobs"));
  EXPECT_FALSE(path_matches("/v1/p1/jobs", "/v1/p1/job"));
  EXPECT_FALSE(path_matches("/v1/p1/jobs", "/v1/p1/jobsx"));
  EXPECT_FALSE(path_matches("/v1/p1/jobs", "/v1/p1/jobs/"));  // a trailing slash is another path
  EXPECT_FALSE(path_matches("/v1/p1/jobs/", "/v1/p1/jobs"));
  EXPECT_FALSE(path_matches("/v1/*/jobs/*", "/v1/p1/jobs"));
  EXPECT_FALSE(path_matches("/v1/*/jobs/*", "/v1/p1/jobs/abc/"));
  EXPECT_FALSE(path_matches("/v1/**", "/v1"));
  EXPECT_TRUE(path_matches("", ""));
  EXPECT_FALSE(path_matches("", "/"));
}

// --- matching
// -------------------------------------------------------------------------------------------------

TEST(FaultMatch, MethodPathQueryAndHeaderMustAllHold) {
  FaultSpec spec;
  spec.method = "GET";
  spec.path = "/v1/*/task-center/failure-jobs";
  spec.query = {{"limit", "10"}, {"name", "a b"}};
  spec.request_headers = {{"X-Auth-Token", "t"}};
  const std::string target = "/v1/p1/task-center/failure-jobs?offset=0&limit=10&name=a%20b";
  const HeaderList token = {{"x-auth-token", "t"}};  // header names compare case-insensitively
  EXPECT_TRUE(fault_matches(spec, make_request("GET", target, token)));
  EXPECT_FALSE(fault_matches(spec, make_request("DELETE", target, token)));
  EXPECT_FALSE(fault_matches(spec, make_request("get", target, token)));  // methods are case-sensitive
  EXPECT_FALSE(
      fault_matches(spec, make_request("GET", "/v1/p1/task-center/failure-jobs/x?limit=10&name=a+b", token)));
  EXPECT_FALSE(fault_matches(spec, make_request("GET", "/v1/p1/task-center/failure-jobs?limit=10", token)));
  EXPECT_FALSE(
      fault_matches(spec, make_request("GET", "/v1/p1/task-center/failure-jobs?limit=11&name=a+b", token)));
  EXPECT_FALSE(fault_matches(spec, make_request("GET", target)));
  EXPECT_FALSE(fault_matches(spec, make_request("GET", target, {{"X-Auth-Token", "T"}})));  // values exact
  // The query is not part of the path: a pattern never sees it.
  FaultSpec by_path;
  by_path.path = "/v1/*/jobs/*";
  EXPECT_TRUE(fault_matches(by_path, get("/v1/p1/jobs/abc?x=/y")));
  EXPECT_FALSE(fault_matches(by_path, get("/v1/p1/jobs?x=/abc")));
  // Nothing given: everything matches.
  EXPECT_TRUE(fault_matches(FaultSpec{}, make_request("PATCH", "/anything/at/all?q=1")));
}

TEST(FaultMatch, ServeAnswersOnlyMatchingRequests) {
  World world;
  auto spec = status_fault(503, "/v1/*/jobs/*");
  spec.method = "GET";
  world.add_fault(spec);
  EXPECT_EQ(serve(world, get("/v1/p1/jobs/x")).status, 503);
  EXPECT_EQ(serve(world, make_request("POST", "/v1/p1/jobs/x")).status, 405);
  EXPECT_EQ(serve(world, get("/v1/p1/task-center/failure-jobs")).status, 200);
  ASSERT_EQ(world.journal().entries().size(), 3u);
  EXPECT_EQ(world.journal().entries()[0].fault, 1);
  EXPECT_EQ(world.journal().entries()[1].fault, 0);
  EXPECT_EQ(world.journal().entries()[2].fault, 0);
  EXPECT_EQ(world.faults()[0].matched, 1);
  EXPECT_EQ(world.faults()[0].fired, 1);
}

// --- schedules
// ------------------------------------------------------------------------------------------------

TEST(FaultSchedule, NoConditionFiresOnEveryMatch) {
  EXPECT_EQ(schedule_pattern(status_fault(503), 5), "xxxxx");
}

TEST(FaultSchedule, TimesFiresTheNextN) {
  auto spec = status_fault(503);
  spec.times = 2;
  EXPECT_EQ(schedule_pattern(spec, 5), "xx...");
}

TEST(FaultSchedule, NthFiresOnlyOnTheNth) {
  auto spec = status_fault(503);
  spec.nth = 3;
  EXPECT_EQ(schedule_pattern(spec, 6), "..x...");
}

TEST(FaultSchedule, EveryFiresOnEveryKth) {
  auto spec = status_fault(503);
  spec.every = 3;
  EXPECT_EQ(schedule_pattern(spec, 10), "..x..x..x.");
}

TEST(FaultSchedule, AfterFiresOnceNWentBy) {
  auto spec = status_fault(503);
  spec.after = 2;
  EXPECT_EQ(schedule_pattern(spec, 5), "..xxx");
}

TEST(FaultSchedule, ConditionsCombine) {
  auto after_times = status_fault(503);
  after_times.after = 1;
  after_times.times = 2;
  EXPECT_EQ(schedule_pattern(after_times, 6), ".xx...");
  auto every_times = status_fault(503);
  every_times.every = 2;
  every_times.times = 2;
  EXPECT_EQ(schedule_pattern(every_times, 8), ".x.x....");
  auto every_after = status_fault(503);
  every_after.every = 2;
  every_after.after = 3;
  EXPECT_EQ(schedule_pattern(every_after, 8), "...x.x.x");
  auto nth_after = status_fault(503);  // the nth falls within the first `after`: never
  nth_after.nth = 2;
  nth_after.after = 2;
  EXPECT_EQ(schedule_pattern(nth_after, 5), ".....");
}

TEST(FaultSchedule, OnlyMatchingRequestsCount) {
  World world;
  auto spec = status_fault(503, "/v1/*/jobs/*");
  spec.nth = 2;
  world.add_fault(spec);
  EXPECT_EQ(answered_by(world, 1, "/v1/p1/jobs/a"), std::vector<int>{0});
  EXPECT_EQ(answered_by(world, 3, "/v1/p1/task-center/failure-jobs"), (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(answered_by(world, 2, "/v1/p1/jobs/b"), (std::vector<int>{1, 0}));
  EXPECT_EQ(world.faults()[0].matched, 3);
  EXPECT_EQ(world.faults()[0].fired, 1);
}

TEST(FaultSchedule, ProbabilityIsReproducibleFromTheSeed) {
  auto spec = status_fault(503);
  spec.probability = 0.5;
  const auto a = schedule_pattern(spec, 64, 7);
  EXPECT_EQ(schedule_pattern(spec, 64, 7), a) << "the same seed gave another sequence";
  EXPECT_NE(schedule_pattern(spec, 64, 8), a) << "two seeds gave the same 64 draws";
  const auto fired = std::count(a.begin(), a.end(), 'x');
  EXPECT_GT(fired, 12) << a;  // p = 0.5 over 64 draws: far from never and from always
  EXPECT_LT(fired, 52) << a;
  spec.probability = 0.0;
  EXPECT_EQ(schedule_pattern(spec, 20, 7), std::string(20, '.'));
  spec.probability = 1.0;
  EXPECT_EQ(schedule_pattern(spec, 20, 7), std::string(20, 'x'));
}

TEST(FaultSchedule, ProbabilityCombinesWithTimes) {
  auto spec = status_fault(503);
  spec.probability = 0.5;
  spec.times = 3;
  const auto pattern = schedule_pattern(spec, 64, 3);
  EXPECT_EQ(std::count(pattern.begin(), pattern.end(), 'x'), 3) << pattern;
}

// --- order
// ----------------------------------------------------------------------------------------------------

TEST(FaultOrder, FirstMatchingFaultWins) {
  World world;
  world.add_fault(status_fault(500, "/v1/*/task-center/**"));  // does not match the jobs path
  world.add_fault(status_fault(503, "/v1/*/jobs/*"));
  world.add_fault(status_fault(429, "**"));
  EXPECT_EQ(serve(world, get("/v1/p1/jobs/x")).status, 503);
  EXPECT_EQ(world.journal().entries().back().fault, 2);
  EXPECT_EQ(serve(world, get("/v1/p1/task-center/failure-jobs")).status, 500);
  EXPECT_EQ(world.journal().entries().back().fault, 1);
  EXPECT_EQ(serve(world, get("/v3/p1/running-tasks")).status, 429);
  EXPECT_EQ(world.journal().entries().back().fault, 3);
}

TEST(FaultOrder, AMatchWhoseScheduleDoesNotFireLetsALaterFaultAnswer) {
  World world;
  auto first = status_fault(503);
  first.nth = 2;
  world.add_fault(first);
  world.add_fault(status_fault(500));  // no schedule: answers whatever the first one lets through
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(serve(world, get("/v1/p1/jobs/x")).status);
  EXPECT_EQ(statuses, (std::vector<int>{500, 503, 500, 500}));
  EXPECT_EQ(answered_by(world, 1), std::vector<int>{2});
  EXPECT_EQ(world.faults()[0].matched, 5);
  EXPECT_EQ(world.faults()[0].fired, 1);
  EXPECT_EQ(world.faults()[1].fired, 4);
}

// --- the journal
// ----------------------------------------------------------------------------------------------

TEST(Journal, RecordsEveryRequestWithWhatWasAnswered) {
  World world;
  const auto id = add_job(world, {"INIT", "RUNNING"});
  auto reset = status_fault(0, "/v1/*/jobs/reset-me");
  reset.action = FaultAction::reset;
  world.add_fault(reset);
  auto close = status_fault(0, "/v1/*/jobs/close-me");
  close.action = FaultAction::close;
  world.add_fault(close);
  world.add_fault(status_fault(503, "/v1/*/jobs/busy"));
  auto hang = status_fault(0, "/v1/*/jobs/" + id);
  hang.action = FaultAction::hang;
  hang.nth = 2;
  world.add_fault(hang);

  serve(world, make_request("GET", "/v1/p1/jobs/" + id + "?a=1", {{"X-Auth-Token", "t"}, {"X-Trace", "1"}}));
  world.advance(1500);
  serve(world, make_request("POST", "/v1/p1/jobs/x", {{"Content-Type", "application/json"}}, R"({"k":1})"));
  world.advance(250);
  serve(world, get("/v1/p1/jobs/reset-me"));
  serve(world, get("/v1/p1/jobs/close-me"));
  world.advance(1);
  serve(world, get("/v1/p1/jobs/busy"));
  serve(world, get("/v1/p1/jobs/" + id));

  const auto& entries = world.journal().entries();
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(world.journal().dropped(), 0u);
  const auto t0 = World::kEpochMs;
  struct Want {
    std::string method, target;
    std::int64_t time_ms;
    int status, fault;
  };
  const std::vector<Want> want = {
      {"GET", "/v1/p1/jobs/" + id + "?a=1", t0, 200, 0}, {"POST", "/v1/p1/jobs/x", t0 + 1500, 405, 0},
      {"GET", "/v1/p1/jobs/reset-me", t0 + 1750, 0, 1},  // no answer: status 0
      {"GET", "/v1/p1/jobs/close-me", t0 + 1750, 0, 2},  {"GET", "/v1/p1/jobs/busy", t0 + 1751, 503, 3},
      {"GET", "/v1/p1/jobs/" + id, t0 + 1751, 200, 4},  // a hang answered 200, headers only
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("entry " + std::to_string(i + 1));
    EXPECT_EQ(entries[i].method, want[i].method);
    EXPECT_EQ(entries[i].target, want[i].target);
    EXPECT_EQ(entries[i].time_ms, want[i].time_ms);
    EXPECT_EQ(entries[i].status, want[i].status);
    EXPECT_EQ(entries[i].fault, want[i].fault);
  }
  EXPECT_EQ(entries[0].headers, (HeaderList{{"X-Auth-Token", "t"}, {"X-Trace", "1"}}));
  EXPECT_EQ(entries[0].body, "");
  EXPECT_EQ(entries[1].headers, (HeaderList{{"Content-Type", "application/json"}}));
  EXPECT_EQ(entries[1].body, R"({"k":1})");
}

TEST(Journal, KeepsTheNewestWithinItsCapacityAndCountsTheDropped) {
  World world;
  world.journal() = Journal(3);
  for (int i = 1; i <= 5; ++i) serve(world, get("/v1/p1/jobs/" + std::to_string(i)));
  const auto& entries = world.journal().entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].target, "/v1/p1/jobs/3");
  EXPECT_EQ(entries[1].target, "/v1/p1/jobs/4");
  EXPECT_EQ(entries[2].target, "/v1/p1/jobs/5");
  EXPECT_EQ(world.journal().dropped(), 2u);
  world.journal().clear();
  EXPECT_TRUE(world.journal().entries().empty());
  EXPECT_EQ(world.journal().dropped(), 0u);

  Journal none(0);
  none.record(JournalEntry{});
  none.record(JournalEntry{});
  EXPECT_TRUE(none.entries().empty());
  EXPECT_EQ(none.dropped(), 2u);
  EXPECT_EQ(Journal().dropped(), 0u);
}

// --- what each fault kind does to the world
// -------------------------------------------------------------------

TEST(FaultEffects, OnlyFaultsThatLetTheApiWorkAdvanceAPolledJob) {
  struct Kind {
    FaultAction action;
    bool advances;
  };
  for (auto [action, advances] :
       {Kind{FaultAction::status, false}, Kind{FaultAction::reset, false}, Kind{FaultAction::close, false},
        Kind{FaultAction::hang, true}, Kind{FaultAction::truncate, true}, Kind{FaultAction::malformed, true},
        Kind{FaultAction::drip, true}, Kind{FaultAction::delay, true}}) {
    SCOPED_TRACE(fault_action_name(action));
    World world;
    const auto id = add_job(world, {"INIT", "RUNNING", "SUCCESS"});
    FaultSpec spec = status_fault(503, "/v1/*/jobs/*");
    spec.action = action;
    spec.times = 2;
    spec.truncate_at = 5;
    spec.delay = std::chrono::milliseconds(action == FaultAction::delay ? 100 : 0);
    world.add_fault(spec);
    serve(world, get("/v1/p1/jobs/" + id));
    serve(world, get("/v1/p1/jobs/" + id));
    EXPECT_EQ(world.find_job("p1", id)->polls, advances ? 2 : 0);
    const auto after = serve(world, get("/v1/p1/jobs/" + id));  // the fault is spent: the API answers
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(Json::parse(after.body)["status"], advances ? "SUCCESS" : "INIT");
  }
}

TEST(FaultEffects, ServeDescribesTheDeliveryTheSessionBends) {
  World world;
  const auto id = add_job(world, {"RUNNING"});
  const auto target = "/v1/p1/jobs/" + id;
  const auto normal = serve(world, get(target));
  ASSERT_EQ(normal.status, 200);
  ASSERT_GT(normal.body.size(), 20u);
  auto with = [&](FaultAction action, auto&& tweak) {
    World w;
    add_job(w, {"RUNNING"});
    FaultSpec spec;
    spec.action = action;
    tweak(spec);
    w.add_fault(spec);
    return serve(w, get(target));
  };
  using Mode = Delivery::Mode;
  auto truncated = with(FaultAction::truncate, [](FaultSpec& s) { s.truncate_at = 7; });
  EXPECT_EQ(truncated.delivery.mode, Mode::truncate);
  EXPECT_EQ(truncated.delivery.truncate_at, 7u);
  EXPECT_EQ(truncated.body, normal.body);
  // Never the whole body: a truncation always leaves Content-Length unmet.
  auto over = with(FaultAction::truncate, [](FaultSpec& s) { s.truncate_at = 1 << 20; });
  EXPECT_EQ(over.delivery.truncate_at, normal.body.size() - 1);
  auto dripped = with(FaultAction::drip, [](FaultSpec& s) {
    s.drip_bytes = 0;
    s.drip_interval = std::chrono::milliseconds(7);
  });
  EXPECT_EQ(dripped.delivery.mode, Mode::drip);
  EXPECT_EQ(dripped.delivery.drip_bytes, 1u);
  EXPECT_EQ(dripped.delivery.drip_interval.count(), 7);
  EXPECT_EQ(dripped.body, normal.body);
  auto bad = with(FaultAction::malformed, [](FaultSpec&) {});
  EXPECT_EQ(bad.status, 200);
  EXPECT_EQ(bad.delivery.mode, Mode::normal);
  EXPECT_FALSE(Json::accept(bad.body)) << bad.body;
  auto late_status = with(FaultAction::status, [](FaultSpec& s) {
    s.status = 503;
    s.delay = std::chrono::milliseconds(40);
  });
  EXPECT_EQ(late_status.status, 503);
  EXPECT_EQ(late_status.delivery.delay.count(), 40);
  EXPECT_EQ(with(FaultAction::hang, [](FaultSpec&) {}).delivery.mode, Mode::hang);
  EXPECT_EQ(with(FaultAction::reset, [](FaultSpec&) {}).delivery.mode, Mode::reset);
  EXPECT_EQ(with(FaultAction::close, [](FaultSpec&) {}).delivery.mode, Mode::close);
}

TEST(FaultEffects, MalformedBodiesAreNeverValidJson) {
  // Whatever the API answered, the malformed fault's body must not parse: here the 404 body and a list.
  for (const std::string target :
       {"/v1/p1/jobs/missing", "/v1/p1/task-center/failure-jobs", "/nowhere", "/v3/p1/running-tasks"}) {
    SCOPED_TRACE(target);
    World world;
    FaultSpec spec;
    spec.action = FaultAction::malformed;
    world.add_fault(spec);
    const auto response = serve(world, get(target, {{"X-Auth-Token", "t"}}));
    EXPECT_FALSE(Json::accept(response.body)) << response.body;
  }
}

TEST(FaultEffects, MalformedOnABodilessAnswerIsA200WithABadBody) {
  World world;
  FaultSpec spec;
  spec.action = FaultAction::malformed;
  world.add_fault(spec);
  const auto response = serve(world, make_request("DELETE", "/v1/p1/task-center/failure-jobs/batch"));
  EXPECT_EQ(response.status, 200);  // a 204 cannot carry the bad body
  EXPECT_FALSE(response.body.empty());
  EXPECT_FALSE(Json::accept(response.body)) << response.body;
  EXPECT_EQ(world.journal().entries().back().status, 200);
}
