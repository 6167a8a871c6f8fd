// write_scenario(): captures made by a real run of the fake (a world, the client, its exchanges) become Lua
// files that `harness run` (the binary of this build) passes, and that fail naming the request and the JSON
// pointer once a captured body is edited to break the published schema; secrets, project ids, the fault
// schedule and string escaping are checked on the text.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/capture/lua_text.hpp"
#include "harness/capture/scenario_writer.hpp"
#include "harness/client/http_client.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"

namespace harness::capture {
namespace {

using nlohmann::json;
constexpr const char* kProject = "0605767d5d00d5762fd3c00d0b24be3d";
constexpr const char* kOther = "5f1c2e3d4b5a69788796a5b4c3d2e1f0";
constexpr const char* kJob = "4010b39b7b3f4e1a8c3d2a1b0c9d8e7f";
constexpr const char* kVbsJob = "ff8080814dbd65d7014dbe0d84db0013";

struct RunResult {
  int exit_code = -1;
  std::string output;
};

class CaptureWriterTest : public ::testing::Test {
 protected:
  CaptureWriterTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("harness-capture-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        server_(world_, {}),
        client_({"http", "127.0.0.1", server_.port()}) {
    std::filesystem::create_directories(dir_);
    capture_.source = "test run";
  }
  ~CaptureWriterTest() override { std::filesystem::remove_all(dir_); }

  template <typename F>
  void world(F&& f) {
    world_.with([&](fake::World& w) { f(w); });
  }
  void job(const json& spec, const std::string& project = kProject) {
    world([&](fake::World& w) { w.add_job(fake::job_spec(spec, project)); });
  }
  void fault(const json& spec) {
    world([&](fake::World& w) { w.add_fault(fake::fault_spec(spec)); });
  }

  // Sends through the client and keeps the exchange as a capture would.
  void send(const std::string& method, const std::string& target, client::HeaderList headers = {},
            std::string body = {}, int timeout_ms = 0) {
    client::Request request{method, target, std::move(headers), std::move(body), std::nullopt};
    if (timeout_ms) request.read_timeout = std::chrono::milliseconds(timeout_ms);
    const auto exchange = client_.send(request);
    CapturedExchange captured;
    captured.method = exchange.method;
    captured.target = exchange.target;
    captured.request_headers = exchange.request_headers;
    captured.request_body = exchange.request_body;
    captured.status = exchange.ok() ? exchange.status : 0;  // a capture's "no answer"
    if (!exchange.ok()) captured.failure = client::transport_error_name(exchange.error);
    captured.response_headers = exchange.response_headers;
    if (exchange.ok()) captured.response_body = exchange.response_body;
    captured.started_ms = clock_ms_;
    captured.duration_ms = exchange.elapsed_ms;
    clock_ms_ += 250;
    capture_.exchanges.push_back(std::move(captured));
  }

  RunResult run(const std::string& text, const std::string& name = "generated.lua") {
    const auto file = dir_ / name;
    std::ofstream(file, std::ios::binary) << text;
    const std::string command = std::string(HARNESS_BINARY) + " run --color never --junit " +
                                (dir_ / "junit.xml").string() + " --fixtures " + HARNESS_SOURCE_DIR +
                                "/fixtures " + file.string() + " 2>&1";
    RunResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

  // luacheck with the repo's .luacheckrc, when it is installed (tests/integration/luacheck.sh needs it too).
  void expect_luacheck_clean(const std::string& text) {
    if (std::system("command -v luacheck >/dev/null 2>&1") != 0) GTEST_SKIP() << "luacheck not installed";
    const auto file = dir_ / "checked.lua";
    std::ofstream(file, std::ios::binary) << text;
    const std::string command = "luacheck --no-color --formatter plain --config " +
                                std::string(HARNESS_SOURCE_DIR) + "/.luacheckrc " + file.string() + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string output;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0) << output << "\n" << text;
  }

  // SDRS and VBS jobs with sub-jobs, a 503 and a reset among the polls, failure-job pages, KPS tasks with a
  // 400, and an endpoint the fake does not know: what the done-when capture holds, made by the fake.
  void record_mixed_run() {
    job({{"job_id", kJob},
         {"job_type", "createProtectionGroupNoCG"},
         {"timeline", {"RUNNING", "RUNNING", "SUCCESS"}},
         {"entities", {{"server_group_id", "a59d008e-4bad-4bf3-9b17-6cc25e7da483"}}},
         {"sub_jobs",
          {{{"job_type", "createProtectedInstanceNoCG"}, {"timeline", {"RUNNING", "SUCCESS"}}}}}});
    job({{"job_id", kVbsJob},
         {"service", "vbs"},
         {"job_type", "bulkCreateVolumes"},
         {"timeline", {"RUNNING", "FAIL"}},
         {"error_code", "VBS.0001"},
         {"fail_reason", "quota exceeded"},
         {"sub_jobs", {{{"job_type", "createVolume"}, {"timeline", {"RUNNING", "FAIL"}}}}}});
    world([](fake::World& w) {
      for (int i = 0; i < 3; ++i)
        w.add_failure_job(fake::failure_job_spec({{"failure_status", i == 1 ? "deleteFail" : "createFail"},
                                                  {"resource_name", "group-" + std::to_string(i)}},
                                                 kProject));
      w.add_kps_task(fake::kps_task_spec({{"task_id", "t1"}, {"keypair_name", "kp1"}}, kProject));
      w.add_kps_task(fake::kps_task_spec({{"task_id", "t2"}, {"operate_type", "RUNNING_REPLACE"}}, kProject));
      w.declare_endpoint(
          fake::endpoint_spec({{"path", "/v1/{project_id}/cloudservers/{server_id}"},
                               {"service", "ecs"},
                               {"answers",
                                {{{"body", {{"server", {{"id", "{server_id}"}, {"status", "BUILD"}}}}}},
                                 {{"body", {{"server", {{"id", "{server_id}"}, {"status", "ACTIVE"}}}}}}}}}));
    });
    const std::string job_path = std::string("/v1/") + kProject + "/jobs/" + kJob;
    const std::string vbs_path = std::string("/v1/") + kProject + "/jobs/" + kVbsJob;
    fault({{"path", job_path}, {"status", 503}, {"nth", 2}});
    fault({{"path", vbs_path}, {"reset", true}, {"nth", 1}});
    for (int i = 0; i < 5; ++i) send("GET", job_path);
    const std::string task_center = std::string("/v1/") + kProject + "/task-center/failure-jobs";
    send("GET", task_center + "?limit=2&offset=0");
    send("GET", task_center + "?limit=2&offset=2");
    const client::HeaderList token = {{"X-Auth-Token", "MIIEvgYJKoZIhvcNAQcCoIIEr-secret"}};
    const std::string kps = std::string("/v3/") + kProject;
    send("GET", kps + "/failed-tasks?limit=10", token);
    send("GET", kps + "/failed-tasks?limit=1001", token);
    send("GET", kps + "/running-tasks", token);
    send("GET", kps + "/tasks/t1", token);
    for (int i = 0; i < 3; ++i) send("GET", vbs_path);
    send("GET", std::string("/v1/") + kProject + "/jobs/0000000000000000000000000000dead");
    send("GET", std::string("/v1/") + kProject + "/cloudservers/s1");
    send("GET", std::string("/v1/") + kProject + "/cloudservers/s1");
  }

  std::filesystem::path dir_;
  fake::SharedWorld world_;
  fake::FakeServer server_;
  client::HttpClient client_;
  Capture capture_;
  double clock_ms_ = 0;
};

ScenarioOptions redacting(std::vector<std::string> names) {
  ScenarioOptions options;
  options.redact = std::move(names);
  return options;
}

ScenarioOptions mapping(std::string project_id) {
  ScenarioOptions options;
  options.project_id = std::move(project_id);
  return options;
}

bool lines_within(const std::string& text, std::size_t limit) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::size_t columns = 0;
    for (const char c : line) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    if (columns > limit) return false;
  }
  return true;
}

TEST_F(CaptureWriterTest, MixedRunOfTheFakeRunsGreen) {
  record_mixed_run();
  const auto text = write_scenario(capture_);
  EXPECT_NE(text.find("fake.job {\n  job_id = \"4010b39b7b3f4e1a8c3d2a1b0c9d8e7f\""), std::string::npos)
      << text;
  EXPECT_NE(text.find("timeline = { \"RUNNING\", \"RUNNING\", \"SUCCESS\" }"), std::string::npos) << text;
  EXPECT_NE(text.find("service = \"vbs\""), std::string::npos) << text;
  EXPECT_NE(text.find("error_code = \"VBS.0001\""), std::string::npos) << text;
  EXPECT_NE(text.find("fake.failure_job"), std::string::npos) << text;
  EXPECT_NE(text.find("fake.kps_task"), std::string::npos) << text;
  EXPECT_NE(text.find("fake.endpoint"), std::string::npos) << text;
  EXPECT_NE(text.find("status = 503"), std::string::npos) << text;
  EXPECT_NE(text.find("reset = true"), std::string::npos) << text;
  EXPECT_NE(text.find("conforms(\"sdrs/job_status\")"), std::string::npos) << text;
  EXPECT_NE(text.find("conforms(\"vbs/job_status\")"), std::string::npos) << text;
  EXPECT_NE(text.find("conforms(\"kps/failed_tasks\")"), std::string::npos) << text;
  EXPECT_NE(text.find("conforms(\"kps/error\")"), std::string::npos) << text;
  EXPECT_NE(text.find("conforms(\"sdrs/failure_jobs\")"), std::string::npos) << text;
  EXPECT_NE(text.find("equals(\"reset\")"), std::string::npos) << text;
  EXPECT_EQ(text.find("MIIEvgYJKoZIhvcNAQcCoIIEr-secret"), std::string::npos) << text;
  EXPECT_TRUE(lines_within(text, 120)) << text;
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
  expect_luacheck_clean(text);
}

TEST_F(CaptureWriterTest, EditedBodyBreakingTheSchemaFailsNamingTheRequestAndPointer) {
  record_mixed_run();
  // #6 is the first failure-jobs page: a row's failure_status as a number breaks sdrs/failure_jobs.
  auto page = json::parse(*capture_.exchanges[5].response_body);
  page["failure_jobs"][1]["failure_status"] = 7;
  capture_.exchanges[5].response_body = page.dump();
  // #1 is the first job poll: without begin_time, which the fake always serves (a 200 fault carries it).
  auto poll = json::parse(*capture_.exchanges[0].response_body);
  poll.erase("begin_time");
  capture_.exchanges[0].response_body = poll.dump();
  const auto text = write_scenario(capture_);
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("/failure_jobs/1/failure_status"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("#6 GET /v1/" + std::string(kProject) + "/task-center/failure-jobs"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("missing required property \"begin_time\""), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("#1 GET"), std::string::npos) << result.output;
  // The other cases still pass: only the two edited answers fail.
  EXPECT_NE(result.output.find("2 failed"), std::string::npos) << result.output;
}

TEST_F(CaptureWriterTest, FaultScheduleFollowsTheFakesCounting) {
  job({{"job_id", kJob}, {"job_type", "createProtectionGroupNoCG"}, {"timeline", {"RUNNING", "SUCCESS"}}});
  const std::string path = std::string("/v1/") + kProject + "/jobs/" + kJob;
  fault({{"path", path}, {"status", 503}, {"times", 2}});
  fault({{"path", path}, {"status", 500}, {"nth", 2}});  // the 4th request: the 503s were not seen by it
  fault({{"path", path}, {"close", true}, {"nth", 3}});  // the 6th: its 3rd (3, 5, 6)
  for (int i = 0; i < 7; ++i) send("GET", path);
  const auto text = write_scenario(capture_);
  EXPECT_NE(text.find("times = 2,\n  status = 503"), std::string::npos) << text;
  EXPECT_NE(text.find("nth = 2,\n  status = 500"), std::string::npos) << text;
  EXPECT_NE(text.find("nth = 3,\n  close = true"), std::string::npos) << text;
  EXPECT_NE(text.find("equals(\"closed\")"), std::string::npos) << text;
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

// A hang and a truncation answer after the API did its work: the job moved on, the replay's job must too.
TEST_F(CaptureWriterTest, HangAndTruncationStillCountAsPolls) {
  job({{"job_id", kJob},
       {"job_type", "createProtectionGroupNoCG"},
       {"timeline", {"RUNNING", "RUNNING", "SUCCESS"}}});
  const std::string path = std::string("/v1/") + kProject + "/jobs/" + kJob;
  fault({{"path", path}, {"hang", true}, {"nth", 2}});
  fault({{"path", path}, {"truncate", 10}, {"nth", 2}});  // the 3rd request: its 2nd
  for (int i = 0; i < 4; ++i) send("GET", path, {}, {}, 200);
  ASSERT_EQ(capture_.exchanges[1].failure, "timeout");
  ASSERT_EQ(capture_.exchanges[2].failure, "truncated");
  const auto text = write_scenario(capture_);
  EXPECT_NE(text.find("hang = true"), std::string::npos) << text;
  EXPECT_NE(text.find("truncate = 1"), std::string::npos) << text;
  EXPECT_NE(text.find("equals(\"timeout\")"), std::string::npos) << text;
  EXPECT_NE(text.find("equals(\"truncated\")"), std::string::npos) << text;
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

TEST_F(CaptureWriterTest, KeepTimingWritesDelaysThatKeepTheSchedule) {
  job({{"job_id", kJob}, {"job_type", "createProtectionGroupNoCG"}, {"timeline", {"RUNNING", "SUCCESS"}}});
  const std::string path = std::string("/v1/") + kProject + "/jobs/" + kJob;
  fault({{"path", path}, {"status", 503}, {"nth", 2}});
  for (int i = 0; i < 3; ++i) send("GET", path);
  capture_.exchanges[0].duration_ms = 120.4;
  capture_.exchanges[1].duration_ms = 35;
  capture_.exchanges[2].duration_ms = 0.2;  // under a millisecond: no delay
  ScenarioOptions options;
  options.keep_timing = true;
  const auto text = write_scenario(capture_, options);
  EXPECT_NE(text.find("times = 1,\n  delay = 0.12,"), std::string::npos) << text;
  EXPECT_NE(text.find("times = 1,\n  status = 503,"), std::string::npos) << text;  // the first one is spent
  EXPECT_NE(text.find("delay = 0.035,"), std::string::npos) << text;
  EXPECT_EQ(write_scenario(capture_).find("delay ="), std::string::npos);
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

TEST_F(CaptureWriterTest, SecretsNeverLandInTheFile) {
  world([](fake::World& w) { w.add_kps_task(fake::kps_task_spec({{"task_id", "t1"}}, kProject)); });
  const std::string kps = std::string("/v3/") + kProject;
  send("GET", kps + "/failed-tasks?limit=10&sig=query-secret-1",
       {{"Authorization", "SDK-HMAC-SHA256 Access=AKSECRET2, SignedHeaders=host, Signature=deadbeef3"},
        {"X-Sdk-Date", "20260101T000000Z"},
        {"Cookie", "session=cookie-secret-4"}});
  send("GET", kps + "/tasks/t1", {{"X-Auth-Token", "token-secret-5"}, {"X-Session", "custom-secret-6"}});
  capture_.exchanges.push_back({});
  auto& declared = capture_.exchanges.back();
  declared.method = "POST";
  declared.target = "/v3/auth/tokens";
  declared.request_body = R"({"auth":{"password":"body-secret-7","user":"u"}})";
  declared.status = 201;
  declared.response_headers = {{"X-Subject-Token", "token-secret-8"}, {"Set-Cookie", "a=cookie-secret-9"}};
  declared.response_body = R"({"token":{"expires_at":"2026-01-02T00:00:00Z"}})";
  const auto text = write_scenario(capture_, redacting({"sig", "X-Session", "password"}));
  for (const char* secret : {"query-secret-1", "AKSECRET2", "deadbeef3", "cookie-secret-4", "token-secret-5",
                             "custom-secret-6", "body-secret-7", "token-secret-8", "cookie-secret-9"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
  EXPECT_NE(text.find("\"SDK-HMAC-SHA256 <redacted>\""), std::string::npos) << text;
  EXPECT_NE(text.find("X-Sdk-Date"), std::string::npos) << text;
  EXPECT_NE(text.find("sig=%3Credacted%3E"), std::string::npos) << text;
  EXPECT_NE(text.find("X-Session"), std::string::npos) << text;
  EXPECT_NE(text.find("sig, X-Session, password"), std::string::npos) << text;
  const auto result = run(text);  // the placeholders still authenticate with the fake's KPS
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

TEST_F(CaptureWriterTest, ProjectIdsMapToTheGlobal) {
  job({{"job_id", kJob}, {"job_type", "createProtectionGroupNoCG"}, {"timeline", {"SUCCESS"}}}, kOther);
  send("GET", std::string("/v1/") + kOther + "/jobs/" + kJob);
  send("GET", std::string("/v1/") + kOther + "/cloudservers/s1");  // 404 from the fake: declared as captured
  const auto kept = write_scenario(capture_);
  EXPECT_NE(kept.find("project_id = \"" + std::string(kOther) + "\""), std::string::npos) << kept;
  const auto mapped = write_scenario(capture_, mapping(kProject));
  EXPECT_EQ(mapped.find(kOther), std::string::npos) << mapped;
  EXPECT_NE(mapped.find("http.get(\"/v1/\" .. project_id .. \"/jobs/" + std::string(kJob) + "\")"),
            std::string::npos)
      << mapped;
  EXPECT_NE(mapped.find("path = \"/v1/{project_id}/cloudservers/s1\""), std::string::npos) << mapped;
  const auto result = run(mapped);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << mapped;
}

TEST_F(CaptureWriterTest, JournalStatesGiveTheTimeline) {
  for (const char* states : {"RUNNING RUNNING", "RUNNING SUCCESS", "SUCCESS SUCCESS"}) {
    CapturedExchange poll;
    poll.target = std::string("/v1/") + kProject + "/jobs/" + kJob;
    poll.status = 200;
    poll.served_states = states;
    capture_.exchanges.push_back(poll);
  }
  const auto text = write_scenario(capture_);
  EXPECT_NE(text.find("timeline = { \"RUNNING\", \"SUCCESS\" }"), std::string::npos) << text;
  EXPECT_NE(text.find("sub_jobs = { { job_type = \"unknown\", timeline = { \"RUNNING\", \"SUCCESS\" } } }"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("a journal has no bodies"), std::string::npos) << text;
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

TEST_F(CaptureWriterTest, AnyBytesAreEscapedAndLinesStayShort) {
  EXPECT_EQ(lua_text::quote(std::string("a\0b\xff\"\\\n\x7f\xc3\xa9", 10)),
            "\"a\\000b\\255\\\"\\\\\\n\\127\xc3\xa9\"");
  EXPECT_EQ(lua_text::key("end"), "[\"end\"]");
  EXPECT_EQ(lua_text::key("job_id"), "job_id");
  EXPECT_EQ(lua_text::value(lua_text::Json::array(), 0, 0), "empty_array");
  CapturedExchange odd;
  odd.target = "/v2/things/odd";
  odd.status = 200;
  odd.response_headers = {{"Content-Type", "application/octet-stream"}};
  odd.response_body = std::string("\x00\x01\xfe\"]]\n", 7) + std::string(300, 'x');
  capture_.exchanges.push_back(odd);
  const auto text = write_scenario(capture_);
  EXPECT_TRUE(lines_within(text, 120)) << text;
  EXPECT_NE(text.find("\"\\000\\001\\254\\\"]]\\n"), std::string::npos) << text;
  const auto result = run(text);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
  expect_luacheck_clean(text);
}

TEST_F(CaptureWriterTest, AnEmptyCaptureIsAnError) {
  EXPECT_THROW(write_scenario(capture_), CaptureError);
}

}  // namespace
}  // namespace harness::capture
