#pragma once
// The admin API of `harness serve` under /__admin/: JSON in, the world's values out, so a test in any
// language can set the world of a running fake and read its journal. Answered before faults, never journaled.
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "harness/fake/http_message.hpp"
#include "harness/fake/spec.hpp"
#include "harness/fake/world.hpp"
#include "harness/serve/admin_access.hpp"

namespace harness::serve {

// The bodies of POST /__admin/jobs, failure-jobs, kps-tasks, faults and options are the specs of fake.job,
// fake.failure_job, fake.kps_task, fake.fault and fake.options, read by the same module
// (harness/fake/spec.hpp); its errors (fake::SpecError) answer 400 with the field named.

// The journal as GET /__admin/requests returns it: harness/serve/journal_body.hpp.

class AdminApi {
 public:
  // `reset` puts the world script's world back (POST /__admin/reset).
  AdminApi(fake::SharedWorld& world, AdminSettings settings, std::function<void()> reset);

  // The answer to a request under /__admin/, or nullopt for any other request (the fake's).
  // Who may call it: admin_access.hpp.
  std::optional<fake::Response> handle(const fake::Request& request);
  // The bound port, once the server listens (settings.port 0 means not known yet): from any thread.
  void set_port(unsigned short port) { port_ = port; }

 private:
  fake::Response dispatch(const fake::Request& request, const std::string& route);

  fake::SharedWorld& world_;
  AdminSettings settings_;
  std::function<void()> reset_;
  std::atomic<unsigned short> port_;
};

}  // namespace harness::serve
