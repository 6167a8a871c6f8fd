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
  ASSERT_EQ(added->sub_jobs.size(), 1u);
  EXPECT_EQ(added->sub_jobs[0].job_id.size(), 32u);  // filled in by the world
  EXPECT_EQ(added->sub_jobs[0].project_id, "p1");
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

}  // namespace
