// SDRS and VBS poll the same path (GET /v1/{project_id}/jobs/{job_id}): an imported job is VBS when the
// capture's host is named vbs, or when a body has VBS's shape (top-level sub_jobs, volume-backup entities, a
// bks* job type), and SDRS otherwise. A VBS job without sub-jobs was imported as SDRS before.
#include <gtest/gtest.h>

#include <string>

#include "harness/capture/scenario_writer.hpp"

namespace harness::capture {
namespace {

constexpr const char* kTarget = "/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/ff8080814dbd65d7014dbe0d84db0013";

Capture polled(const std::string& origin, const std::string& body) {
  Capture capture;
  capture.source = "test";
  capture.origin = origin;
  for (int i = 0; i < 2; ++i) {
    CapturedExchange exchange;
    exchange.target = kTarget;
    exchange.status = 200;
    exchange.response_headers = {{"Content-Type", "application/json"}};
    exchange.response_body = body;
    exchange.started_ms = 250.0 * i;
    capture.exchanges.push_back(exchange);
  }
  return capture;
}

bool imported_as_vbs(const std::string& text) {
  return text.find("service = \"vbs\"") != std::string::npos &&
         text.find("conforms(\"vbs/job_status\")") != std::string::npos &&
         text.find("conforms(\"sdrs/job_status\")") == std::string::npos;
}

// A VBS answer without sub_jobs: nothing but its entities and job type say VBS.
const std::string kVbsBody =
    R"({"status":"SUCCESS","entities":{"backup_id":"b1","volume_id":"v1"},"job_id":"ff8080814dbd65d7014dbe0d84db0013",)"
    R"("job_type":"bksCreateBackup","begin_time":"2024-01-01T00:00:00.000Z","end_time":"2024-01-01T00:00:05.000Z",)"
    R"("error_code":null,"fail_reason":null})";
const std::string kPlainBody =
    R"({"status":"SUCCESS","entities":{},"job_id":"ff8080814dbd65d7014dbe0d84db0013","job_type":"someJob",)"
    R"("begin_time":"2024-01-01T00:00:00.000Z","end_time":"2024-01-01T00:00:05.000Z","error_code":null,)"
    R"("fail_reason":null})";

TEST(CaptureJobService, AVbsJobWithoutSubJobsIsImportedAsVbsFromItsBody) {
  EXPECT_TRUE(imported_as_vbs(write_scenario(polled("http://127.0.0.1:8080", kVbsBody))));
}

TEST(CaptureJobService, TheHostNamedVbsMakesAPlainJobVbs) {
  EXPECT_TRUE(imported_as_vbs(write_scenario(polled("https://vbs.example.com", kPlainBody))));
}

TEST(CaptureJobService, APlainJobFromAnUnnamedHostStaysSdrs) {
  const auto text = write_scenario(polled("http://127.0.0.1:8080", kPlainBody));
  EXPECT_FALSE(imported_as_vbs(text)) << text;
  EXPECT_NE(text.find("conforms(\"sdrs/job_status\")"), std::string::npos) << text;
}

TEST(CaptureJobService, TheHostNamedSdrsWinsOverAVbsLookingBody) {
  const auto text = write_scenario(polled("https://sdrs.example.com", kVbsBody));
  EXPECT_FALSE(imported_as_vbs(text)) << text;
}

}  // namespace
}  // namespace harness::capture
