// How the world keeps a job (issue 13: 10,000 jobs in little memory, added with one lookup): the optional
// fields in one pointer each, the spec moved in and handed back as the world holds it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/fake/router.hpp"
#include "harness/fake/world.hpp"

namespace {

namespace fake = harness::fake;

TEST(OptionalText, TakesOnePointerAndReadsAsAnOptionalString) {
  static_assert(sizeof(fake::OptionalText) == sizeof(void*));  // std::optional<std::string> takes 40 bytes
  fake::OptionalText none;
  EXPECT_FALSE(none);
  EXPECT_FALSE(none.has_value());
  EXPECT_EQ(none.value_or("SDRS.0405"), "SDRS.0405");
  fake::OptionalText code = "SDRS.0406";
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, "SDRS.0406");
  EXPECT_EQ(code->size(), 9u);
  EXPECT_EQ(code.value_or("SDRS.0405"), "SDRS.0406");
  fake::OptionalText copy = code;  // a copy of its own, not a shared string
  code = std::string("SDRS.0407");
  EXPECT_EQ(*copy, "SDRS.0406");
  EXPECT_FALSE(copy == code);
  code = copy;
  EXPECT_TRUE(copy == code);
  code = std::nullopt;
  EXPECT_FALSE(code);
  EXPECT_TRUE(code == none);
}

fake::JobSpec job(std::string id) {
  fake::JobSpec spec;
  spec.project_id = "p1";
  spec.job_id = std::move(id);
  spec.job_type = "stopProtectionGroupNoCG";
  spec.timeline = {"RUNNING", "FAIL"};
  spec.error_code = "SDRS.0406";
  spec.fail_reason = "Failed to stop the protection group.";
  spec.begin_time = "2019-07-01T02:03:04.005Z";
  return spec;
}

TEST(JobStorage, InsertJobHandsBackTheSpecTheWorldHolds) {
  fake::World world;
  auto sub = job("");
  auto spec = job("j1");
  spec.sub_jobs.push_back(sub);
  const auto added = world.insert_job(std::move(spec));
  ASSERT_NE(world.find_job("p1", "j1"), nullptr);
  EXPECT_EQ(added, world.find_job("p1", "j1")->spec);  // the same object, not a copy
  ASSERT_EQ(added->sub_jobs().size(), 1u);
  EXPECT_EQ(added->sub_jobs()[0].job_id().size(), 32u);  // filled in by the world
  EXPECT_EQ(added->sub_jobs()[0].project_id(), "p1");
  EXPECT_EQ(world.add_job(job("")).size(), 32u);
  EXPECT_EQ(world.job_count(), 2u);
}

TEST(JobStorage, ATakenIdIsRefusedAndTheFirstJobStays) {
  fake::World world;
  const auto first = world.insert_job(job("j1"));
  auto again = job("j1");
  again.job_type = "other";
  try {
    world.insert_job(std::move(again));
    FAIL() << "a second job j1 was added";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "job_id: \"j1\" already exists");
  }
  EXPECT_EQ(world.job_count(), 1u);
  EXPECT_EQ(world.find_job("p1", "j1")->spec, first);
}

// The jobs' map orders by job_id, then project: the same id in two projects is two jobs, found by both halves
// of the key, whichever order they were added in; the hint for ascending ids must not let a taken one in.
TEST(JobStorage, AJobIsFoundByItsProjectAndIdInAnyOrderOfAdding) {
  fake::World world;
  for (const char* id : {"j2", "j3", "j1"})
    for (const char* project : {"p2", "p1", "p3"}) {
      auto spec = job(id);
      spec.project_id = project;
      spec.job_type = std::string(project) + "/" + id;
      world.add_job(spec);
    }
  EXPECT_EQ(world.job_count(), 9u);
  for (const char* id : {"j1", "j2", "j3"})
    for (const char* project : {"p1", "p2", "p3"}) {
      const auto* found = world.find_job(project, id);
      ASSERT_NE(found, nullptr) << project << " " << id;
      EXPECT_EQ(found->spec->job_type(), std::string(project) + "/" + id);
    }
  EXPECT_EQ(world.find_job("p4", "j1"), nullptr);
  EXPECT_EQ(world.find_job("p1", "j4"), nullptr);
  auto last = job("j3");
  last.project_id = "p3";  // the largest key: the hint's own case
  EXPECT_THROW(world.add_job(last), std::invalid_argument);
  auto first = job("j1");
  first.project_id = "p1";
  EXPECT_THROW(world.add_job(first), std::invalid_argument);
  EXPECT_EQ(world.job_count(), 9u);
}

// The optional fields are served as before: the page's values where set, the fake's defaults where not.
TEST(JobStorage, TheOptionalFieldsAreServedAsGiven) {
  fake::World world;
  world.add_job(job("j1"));
  auto plain = job("j2");
  plain.error_code.reset();
  plain.fail_reason = std::nullopt;
  plain.begin_time = {};
  world.add_job(std::move(plain));
  auto body = [&](const std::string& id) {
    fake::serve(world, {"GET", "/v1/p1/jobs/" + id, "", {{"Host", "h"}}});
    return nlohmann::json::parse(fake::serve(world, {"GET", "/v1/p1/jobs/" + id, "", {{"Host", "h"}}}).body);
  };
  const auto given = body("j1");
  EXPECT_EQ(given["status"], "FAIL");
  EXPECT_EQ(given["error_code"], "SDRS.0406");
  EXPECT_EQ(given["fail_reason"], "Failed to stop the protection group.");
  EXPECT_EQ(given["begin_time"], "2019-07-01T02:03:04.005Z");
  const auto defaults = body("j2");
  EXPECT_EQ(defaults["error_code"], "SDRS.0405");
  EXPECT_EQ(defaults["fail_reason"], "Failed to execute the job.");
  EXPECT_EQ(defaults["begin_time"], fake::format_time(fake::World::kEpochMs));
}

void expect_same_job(const fake::JobSpec& a, const fake::JobSpec& b) {
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.project_id, b.project_id);
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.job_type, b.job_type);
  EXPECT_EQ(a.timeline, b.timeline);
  EXPECT_EQ(a.durations_ms, b.durations_ms);
  EXPECT_EQ(a.entities, b.entities);
  EXPECT_EQ(a.error_code, b.error_code);
  EXPECT_EQ(a.fail_reason, b.fail_reason);
  EXPECT_EQ(a.begin_time, b.begin_time);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_EQ(a.overrides, b.overrides);  // the same shared value
  EXPECT_EQ(a.headers, b.headers);
  ASSERT_EQ(a.sub_jobs.size(), b.sub_jobs.size());
  for (std::size_t i = 0; i < a.sub_jobs.size(); ++i) expect_same_job(a.sub_jobs[i], b.sub_jobs[i]);
}

// The world keeps each job as one block (fake/packed_job.hpp): every field reads back as it was given.
TEST(PackedJob, EveryFieldRoundTrips) {
  fake::JobSpec spec;
  spec.service = "vbs";
  spec.project_id = "0605767d5d00d5762fd3c00d0b24be3d";
  spec.job_id = std::string("id\0with a NUL", 14);
  spec.job_type = "";  // given empty: still a string
  spec.timeline = {"INIT", "", "RUNNING", "SUCCESS"};
  spec.durations_ms = {1000, 0, 2500};
  spec.entities = {{"server_group_id", "a59d008e-4bad-4bf3-9b17-6cc25e7da483"}, {"", "empty name"}};
  spec.error_code = "";  // set to "": not the same as unset
  spec.fail_reason = "Failed to stop the protection group.";
  spec.end_time = "2019-07-01T02:03:04.005Z";  // begin_time stays unset
  spec.overrides = std::make_shared<const nlohmann::json>(nlohmann::json{{"extra", 1}});
  spec.headers = {{"X-One", "1"}, {"X-Two", ""}};
  auto sub = job("s1");
  sub.durations_ms.push_back(5);
  sub.entities = {{"k", "v"}};
  spec.sub_jobs = {sub, job("s2")};

  const fake::PackedJob packed(spec);
  EXPECT_EQ(packed.job_id(), spec.job_id);
  EXPECT_EQ(packed.states(), 4u);
  EXPECT_EQ(packed.state(1), "");
  EXPECT_EQ(packed.last_state(), "SUCCESS");
  EXPECT_TRUE(packed.by_time());
  ASSERT_EQ(packed.durations(), 3u);
  EXPECT_EQ(packed.duration_ms(2), 2500);
  ASSERT_EQ(packed.entities(), 2u);
  EXPECT_EQ(packed.entity(1).first, "");
  EXPECT_EQ(packed.entity(1).second, "empty name");
  ASSERT_TRUE(packed.error_code());
  EXPECT_EQ(*packed.error_code(), "");
  EXPECT_FALSE(packed.begin_time());
  EXPECT_EQ(packed.end_time(), "2019-07-01T02:03:04.005Z");
  EXPECT_EQ(packed.overrides(), spec.overrides.get());
  ASSERT_EQ(packed.sub_jobs().size(), 2u);
  EXPECT_EQ(packed.sub_jobs()[0].duration_ms(0), 5);
  expect_same_job(packed.unpack(), spec);

  // the usual job: nothing rare, so nothing behind the rare pointer
  const fake::PackedJob plain(job("j1"));
  expect_same_job(plain.unpack(), job("j1"));
  EXPECT_FALSE(plain.by_time());
  EXPECT_EQ(plain.durations(), 0u);
  EXPECT_EQ(plain.overrides(), nullptr);
  EXPECT_TRUE(plain.headers().empty());
  EXPECT_TRUE(plain.sub_jobs().empty());
  static_assert(sizeof(fake::PackedJob) <= 32);  // a JobSpec takes about 300 bytes before its heap blocks
}

TEST(PackedJob, ATimelineItCannotServeIsRefused) {
  auto spec = job("j1");
  spec.timeline.clear();
  EXPECT_THROW(fake::PackedJob{spec}, std::invalid_argument);
  spec.timeline = {"RUNNING", "SUCCESS"};
  spec.durations_ms = {1, 2};
  EXPECT_THROW(fake::PackedJob{spec}, std::invalid_argument);
}

}  // namespace
