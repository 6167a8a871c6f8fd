#pragma once
// GET /v1/{project_id}/jobs/{job_id}: SDRS and VBS job status, each in its service's shape.
#include <string_view>

#include "harness/fake/http_message.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

Response serve_job_status(World& world, std::string_view project_id, std::string_view job_id);

}  // namespace harness::fake
