#pragma once
// GET /v1/{project_id}/jobs/{job_id}: SDRS and VBS job status, each in its service's shape.
#include <string_view>

#include "harness/fake/http_message.hpp"
#include "harness/fake/path_template.hpp"
#include "harness/fake/world.hpp"

namespace harness::fake {

Response serve_job_status(World& world, const Request& request, const PathParams& params);

}  // namespace harness::fake
