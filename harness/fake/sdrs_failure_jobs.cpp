#include "harness/fake/sdrs_failure_jobs.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/fake/json_text.hpp"
#include "harness/fake/overrides.hpp"
#include "harness/fake/query.hpp"
#include "harness/fake/services.hpp"
#include "harness/fake/utf8.hpp"

namespace harness::fake {
namespace {

using OrderedJson = nlohmann::ordered_json;

// SDRS documents {"error": {...}} and, as alternatives, {"badrequest": {...}} / {"itemNotFound": {...}}.
Response sdrs_error(const World& world, int status, const std::string& code, const std::string& message) {
  if (!world.options().sdrs_error_wrappers) return service_error("sdrs", status, code, message);
  OrderedJson body;
  const char* wrapper = status == 404 ? "itemNotFound" : "badrequest";
  body[wrapper]["message"] = percent_encode_invalid_utf8(message);  // it may echo the path
  body[wrapper]["code"] = code;
  return json_response(status, json_text(body));
}

}  // namespace

nlohmann::ordered_json failure_job_json(const FailureJob& row) {
  OrderedJson json;
  json["job_status"] = "FAIL";
  json["resource_id"] = row.resource_id;
  json["resource_name"] = row.resource_name;
  json["resource_type"] = row.resource_type;
  json["failure_status"] = row.failure_status;
  json["job_id"] = row.job_id;
  json["job_type"] = row.job_type;
  json["begin_time"] = row.begin_time;
  json["error_code"] = row.error_code;
  json["fail_reason"] = row.fail_reason;
  if (row.overrides) lay_over(json, *row.overrides);
  return json;
}

namespace {

const std::set<std::string> kFailureStatuses = {"createFail",  "deleteFail",   "attachFail",   "detachFail",
                                                "expandFail",  "resizeFail",   "startFail",    "stopFail",
                                                "reverseFail", "failoverFail", "reprotectFail"};
const std::set<std::string> kResourceTypes = {"server_groups", "protected_instances", "replications",
                                              "disaster_recovery_drills"};

}  // namespace

Response list_failure_jobs(World& world, const Request& request, const PathParams& params) {
  const std::string project_id(*params.get("project_id"));
  const Query query(request.query());
  const auto profile = effective_profile(world, "sdrs");
  long long limit = profile.max_limit, offset = 0;
  if (const auto* text = query.get("limit")) {
    auto value = parse_integer(*text);
    if (!value || *value < profile.min_limit || *value > profile.max_limit)
      return sdrs_error(world, 400, "SDRS.0221",
                        "The value of limit must be an integer from " + std::to_string(profile.min_limit) +
                            " to " + std::to_string(profile.max_limit) + ".");
    limit = *value;
  }
  if (const auto* text = query.get("offset")) {
    auto value = parse_integer(*text);
    if (!value || *value < 0)
      return sdrs_error(world, 400, "SDRS.0222",
                        "The value of offset must be an integer that is not negative.");
    offset = *value;
  }
  const auto* failure_status = query.get("failure_status");
  const auto* resource_type = query.get("resource_type");
  if (failure_status && !kFailureStatuses.count(*failure_status))
    return sdrs_error(world, 400, "SDRS.0201", "Invalid request parameter: failure_status.");
  if (resource_type && !kResourceTypes.count(*resource_type))
    return sdrs_error(world, 400, "SDRS.0201", "Invalid request parameter: resource_type.");
  const auto* resource_name = query.get("resource_name");
  const auto* server_group_id = query.get("server_group_id");
  // The page: with no filter, only protection-group-level failures; with server_group_id, those inside the
  // group.
  const bool filtered = failure_status || resource_type || resource_name || server_group_id;

  std::vector<const FailureJob*> matching;
  for (const auto& row : world.failure_jobs()) {
    if (row.project_id != project_id) continue;
    if (!filtered && !row.group_level()) continue;
    if (server_group_id && row.server_group_id != *server_group_id) continue;
    if (failure_status && row.failure_status != *failure_status) continue;
    if (resource_type && row.resource_type != *resource_type) continue;
    if (resource_name && row.resource_name != *resource_name) continue;
    matching.push_back(&row);
  }
  OrderedJson rows = OrderedJson::array();
  const auto [first, last] = page_bounds(matching.size(), offset, limit);
  for (auto i = first; i < last; ++i) rows.push_back(failure_job_json(*matching[i]));

  OrderedJson body;
  body["count"] = world.options().sdrs_count_is_page_size ? rows.size() : matching.size();
  body["failure_jobs"] = std::move(rows);
  return json_response(200, json_text(body));
}

Response delete_failure_job(World& world, const Request&, const PathParams& params) {
  const std::string project_id(*params.get("project_id"));
  const std::string failure_job_id(*params.get("failure_job_id"));
  auto& rows = world.failure_jobs();
  auto it = std::find_if(rows.begin(), rows.end(), [&](const FailureJob& row) {
    return row.project_id == project_id && row.job_id == failure_job_id;
  });
  if (it == rows.end()) {
    const auto text =
        documented_error(world, "sdrs", "DELETE /v1/{project_id}/task-center/failure-jobs/{failure_job_id}",
                         404, {"HARNESS.0404", "The failed task " + failure_job_id + " does not exist."});
    return sdrs_error(world, 404, text.code, text.message);
  }
  rows.erase(it);
  return Response{.status = 204};
}

Response delete_failure_jobs_batch(World& world, const Request&, const PathParams& params) {
  const std::string project_id(*params.get("project_id"));
  const auto* group = params.get("server_group_id");
  const std::string server_group_id = group ? std::string(*group) : std::string();
  auto& rows = world.failure_jobs();
  std::erase_if(rows, [&](const FailureJob& row) {
    return row.project_id == project_id &&
           (server_group_id.empty() || row.server_group_id == server_group_id);
  });
  return Response{.status = 204};
}

}  // namespace harness::fake
