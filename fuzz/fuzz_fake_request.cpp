// The fake's request path from raw bytes, without a socket: Beast's request parser fed from the input
// (several pipelined requests), then each message handed to take_request, what the server thread does with
// it: the checks, the admin API as the front desk, faults, routing and the journal, on a world with jobs,
// failed tasks and faults. take_request turns an exception into a 500; here that guard firing is a crash,
// since something threw that should have been an answer.
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "harness/contract/fixture_store.hpp"
#include "harness/fake/intake.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/runner/error_catalog.hpp"
#include "harness/serve/admin.hpp"

namespace {

namespace http = boost::beast::http;
namespace fake = harness::fake;

constexpr const char* kProject = "p1";
constexpr std::size_t kMaxRequestsPerInput = 8;

// A world like a scenario sets up: SDRS and VBS jobs (by poll and by time, with sub-jobs and a failure),
// failed tasks of both kinds and faults of several actions.
void populate(fake::World& world) {
  fake::JobSpec polled;
  polled.project_id = kProject;
  polled.job_id = "job-polled";
  polled.job_type = "createProtectionGroupNoCG";
  polled.timeline = {"INIT", "RUNNING", "SUCCESS"};
  polled.entities = {{"server_group_id", "a59d008e-4bad-4bf3-9b17-6cc25e7da483"}};
  fake::JobSpec sub = polled;
  sub.job_id = "";
  sub.timeline = {"RUNNING", "FAIL"};
  sub.error_code = "SDRS.1001";
  sub.fail_reason = "disk\nfull";
  polled.sub_jobs = {sub};
  world.add_job(polled);

  fake::JobSpec timed;
  timed.service = "vbs";
  timed.project_id = kProject;
  timed.job_id = "job-timed";
  timed.job_type = "createVolume";
  timed.timeline = {"RUNNING", "FAIL"};
  timed.durations_ms = {1500};
  timed.error_code = "VBS.0001";
  world.add_job(timed);

  // A declared endpoint (fake.endpoint) whose answers fill the path's, the query's and fresh values in.
  world.declare_endpoint(fake::endpoint_spec(nlohmann::json::parse(
      R"({"path": "/v1/{project_id}/cloudservers/{server_id}", "service": "ecs",
          "answers": [{"body": {"id": "{server_id}", "q": "{query.q}", "at": "{now}", "new": "{id}"},
                       "headers": {"X-Server": "{server_id}"}},
                      {"status": 202, "body": "{server_id}"}]})")));

  fake::FailureJob group;
  group.project_id = kProject;
  group.server_group_id = "group-1";
  group.resource_id = "group-1";
  group.job_id = "fj-group";
  world.add_failure_job(group);
  fake::FailureJob instance = group;
  instance.resource_type = "protected_instances";
  instance.resource_id = "instance-1";
  instance.job_id = "fj-instance";
  world.add_failure_job(instance);

  fake::KpsTask failed;
  failed.project_id = kProject;
  failed.task_id = "task-failed";
  failed.task_time = "1767225600000";
  failed.task_error_code = "KPS.0001";
  failed.keypair_name = "kp";
  world.add_kps_task(failed);
  fake::KpsTask running = failed;
  running.task_id = "task-running";
  running.operate_type = "RUNNING_RESET";
  running.task_error_code.reset();
  world.add_kps_task(running);

  fake::FaultSpec unavailable;
  unavailable.path = "/v1/*/jobs/job-timed";
  unavailable.status = 503;
  unavailable.times = 2;
  world.add_fault(unavailable);
  fake::FaultSpec malformed;
  malformed.method = "GET";
  malformed.path = "/v3/*/failed-tasks";
  malformed.query = {{"limit", "1"}};
  malformed.action = fake::FaultAction::malformed;
  world.add_fault(malformed);
  fake::FaultSpec custom;
  custom.path = "/v1/*/task-center/**";
  custom.headers = {{"X-Fault", "yes"}};
  custom.status = 429;
  custom.every = 2;
  custom.probability = 0.5;
  custom.code = "SDRS.0429";
  world.add_fault(custom);
  fake::FaultSpec truncated;
  truncated.path = "/v3/*/tasks/*";
  truncated.action = fake::FaultAction::truncate;
  truncated.truncate_at = 3;
  truncated.nth = 2;
  world.add_fault(truncated);
}

struct Fixture {
  fake::SharedWorld world{7};
  harness::serve::AdminApi admin{world,
                                 {.host = "127.0.0.1", .project_id = kProject, .world_file = "world.lua"},
                                 [this] { world.restore_baseline(); }};
  fake::ServerOptions options;
  Fixture() {
    const harness::contract::FixtureStore fixtures(std::filesystem::path(HARNESS_SOURCE_DIR) / "fixtures");
    auto catalog = harness::runner::load_error_catalog(fixtures);
    world.with([&](fake::World& w) {
      w.set_error_catalog(catalog);
      populate(w);
    });
    world.save_baseline();
    options.front_desk = [this](const fake::Request& request) { return admin.handle(request); };
  }
};

// internal_error()'s answer: the guard caught an exception, which on the server thread is a bug to fix.
bool guard_fired(const fake::Response& response) {
  return response.status == 500 && response.body.find("HARNESS.0500") != std::string::npos &&
         response.body.find("The fake failed on this request") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  fixture.world.restore_baseline();  // every input starts from the same world: crashes reproduce alone
  boost::asio::const_buffer rest(data, size);
  for (std::size_t n = 0; n < kMaxRequestsPerInput && rest.size() > 0; ++n) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);  // as the server's defaults (ServerOptions, Session::do_read)
    parser.header_limit(16 * 1024);
    boost::beast::error_code ec;
    while (!ec && !parser.is_done() && rest.size() > 0) {
      const std::size_t used = parser.put(rest, ec);
      rest += used;
      if (ec == http::error::need_more) ec = {};
      if (used == 0 && !ec) break;
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) break;  // the server answers 400 and closes: nothing more to take
    const fake::Response response = fake::take_request(fixture.world, fixture.options, parser.get());
    if (guard_fired(response)) {
      std::fprintf(stderr, "take_request's 500 guard fired: %s\n", response.body.c_str());
      std::abort();
    }
    if (response.delivery.close_after) break;  // the server closes the connection here
  }
  return 0;
}
