-- SDRS: GET /v1/{project_id}/task-center/failure-jobs (Querying Failed Tasks).
-- Rows are put in the world with fake.failure_job; responses are checked against
-- fixtures/sdrs/failure_jobs.schema.json, errors against sdrs/error (or the badrequest wrapper when switched on).
-- Readings from fixtures/CONTRADICTIONS.md: limit 0..1000 (0 is an empty page), count is the total before paging.

local paging = require("paging")

local base = "/v1/" .. project_id .. "/task-center/failure-jobs"

-- The row as the list shows it: fake.failure_job also returns where the row lives.
local function listed(row)
  local copy = {}
  for k, v in pairs(row) do
    if k ~= "server_group_id" and k ~= "project_id" then copy[k] = v end
  end
  return copy
end

local function list(query)
  local res = http.get(base .. (query and ("?" .. query) or ""))
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/failure_jobs")
  return res.json
end

-- n protection-group-level failures, one per group, in the order they are listed.
local function group_rows(n)
  local rows = {}
  for i = 1, n do rows[i] = fake.failure_job { resource_name = "group-" .. i } end
  return rows
end

local function expect_bad_request(query, code)
  local res = http.get(base .. "?" .. query)
  expect(res.status).equals(400)
  expect(res).conforms("sdrs/error")
  expect(res.json.error.code).equals(code)
  expect(type(res.json.error.message)).equals("string")
end

-- Happy path ---------------------------------------------------------------------------------------------------

case("the page's example is served back as published when its protection group is queried", function()
  local example = fixture("sdrs/failure_jobs.example")
  local group = "a59d008e-4bad-4bf3-9b17-6cc25e7da483"
  for _, row in ipairs(example.failure_jobs) do
    fake.failure_job {
      server_group_id = group,
      resource_id = row.resource_id, resource_name = row.resource_name, resource_type = row.resource_type,
      failure_status = row.failure_status, job_id = row.job_id, job_type = row.job_type,
      begin_time = row.begin_time, error_code = row.error_code, fail_reason = row.fail_reason,
    }
  end
  local body = list("server_group_id=" .. group)
  expect(body).equals(example)
end)

case("every listed row is job_status FAIL and carries the values it was created with", function()
  local row = fake.failure_job {
    resource_type = "replications", failure_status = "expandFail", job_type = "expandReplicationPairNew",
    resource_name = "replication-001", error_code = "SDRS.0405", fail_reason = "Failed to execute the job.",
    begin_time = "2019-04-01T12:00:00.000Z",
  }
  local body = list("server_group_id=" .. row.server_group_id)
  expect(body.count).equals(1)
  expect(body.failure_jobs[1].job_status).equals("FAIL")
  expect(body.failure_jobs[1]).equals(listed(row))
end)

case("an empty task center answers count 0 and an empty failure_jobs array", function()
  local res = http.get(base)
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/failure_jobs")
  expect(res.json.count).equals(0)
  expect(res.body:find('"failure_jobs":%[%]') ~= nil).equals(true)
end)

-- Scope and filters --------------------------------------------------------------------------------------------

case("with no filter only protection-group-level (server_groups) failures are listed", function()
  local group = fake.failure_job { resource_name = "group-a", failure_status = "deleteFail",
                                   job_type = "deleteProtectionGroupNoCG" }
  fake.failure_job { server_group_id = group.server_group_id, resource_type = "protected_instances" }
  fake.failure_job { server_group_id = group.server_group_id, resource_type = "replications" }
  fake.failure_job { server_group_id = group.server_group_id, resource_type = "disaster_recovery_drills" }
  local body = list()
  expect(body.count).equals(1)
  expect(body.failure_jobs).equals { listed(group) }
end)

case("a protection-group-level failure has the group's id as resource_id", function()
  local group = fake.failure_job { resource_name = "group-a" }
  local body = list()
  expect(body.failure_jobs[1].resource_type).equals("server_groups")
  expect(body.failure_jobs[1].resource_id).equals(group.server_group_id)
end)

case("server_group_id lists the failures inside that group and none of another group", function()
  local g1, g2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
  local a = fake.failure_job { server_group_id = g1, resource_type = "protected_instances", resource_name = "pi-a" }
  local b = fake.failure_job { server_group_id = g1, resource_type = "replications", resource_name = "rep-b" }
  fake.failure_job { server_group_id = g2, resource_type = "protected_instances", resource_name = "pi-c" }
  local body = list("server_group_id=" .. g1)
  expect(body.count).equals(2)
  expect(body.failure_jobs).equals { listed(a), listed(b) }
end)

case("server_group_id of a group without failures lists nothing", function()
  fake.failure_job { resource_type = "protected_instances" }
  local body = list("server_group_id=33333333-3333-4333-8333-333333333333")
  expect(body.count).equals(0)
  expect(#body.failure_jobs).equals(0)
end)

case("failure_status lists only the rows with that status", function()
  fake.failure_job { failure_status = "createFail" }
  local stop = fake.failure_job { failure_status = "stopFail", job_type = "stopProtectionGroupNoCG" }
  fake.failure_job { failure_status = "failoverFail", job_type = "failoverProtectionGroupNoCG" }
  local body = list("failure_status=stopFail")
  expect(body.count).equals(1)
  expect(body.failure_jobs).equals { listed(stop) }
end)

case("resource_name lists only the rows of that resource", function()
  fake.failure_job { resource_name = "Protection-Group-01" }
  local wanted = fake.failure_job { resource_name = "Protection-Group-02" }
  local body = list("resource_name=Protection-Group-02")
  expect(body.count).equals(1)
  expect(body.failure_jobs).equals { listed(wanted) }
end)

case("resource_type lists the failures of that kind of resource across protection groups", function()
  fake.failure_job { resource_name = "group-a" }
  local a = fake.failure_job { server_group_id = "11111111-1111-4111-8111-111111111111",
                               resource_type = "protected_instances" }
  local b = fake.failure_job { server_group_id = "22222222-2222-4222-8222-222222222222",
                               resource_type = "protected_instances" }
  fake.failure_job { server_group_id = "22222222-2222-4222-8222-222222222222", resource_type = "replications" }
  local body = list("resource_type=protected_instances")
  expect(body.count).equals(2)
  expect(body.failure_jobs).equals { listed(a), listed(b) }
end)

case("server_group_id and resource_type combine", function()
  local g = "11111111-1111-4111-8111-111111111111"
  fake.failure_job { server_group_id = g, resource_type = "protected_instances" }
  local rep = fake.failure_job { server_group_id = g, resource_type = "replications", failure_status = "attachFail",
                                 job_type = "attachReplicationPairNew" }
  fake.failure_job { server_group_id = "22222222-2222-4222-8222-222222222222", resource_type = "replications" }
  local body = list("server_group_id=" .. g .. "&resource_type=replications")
  expect(body.count).equals(1)
  expect(body.failure_jobs).equals { listed(rep) }
end)

case("a failed task of another project is not listed", function()
  fake.failure_job { project_id = "ffffffffffffffffffffffffffffffff" }
  local mine = fake.failure_job {}
  local body = list()
  expect(body.count).equals(1)
  expect(body.failure_jobs).equals { listed(mine) }
end)

case("an undocumented failure_status answers 400 SDRS.0201", function()
  fake.failure_job {}
  expect_bad_request("failure_status=brokenFail", "SDRS.0201")
end)

case("an undocumented resource_type answers 400 SDRS.0201", function()
  fake.failure_job {}
  expect_bad_request("resource_type=protectedInstance", "SDRS.0201")
end)

-- Paging: the cases every limit/offset list passes (scenarios/lib/paging.lua) --------------------------------

paging.cases {
  path = base, schema = "sdrs/failure_jobs", items = "failure_jobs", total = "count", id = "job_id",
  noun = "row", max_limit = 1000,
  add = function(n)
    local ids = {}
    for i, row in ipairs(group_rows(n)) do ids[i] = row.job_id end
    return ids
  end,
  errors = { limit = "SDRS.0221", offset = "SDRS.0222" },
  bad_request = expect_bad_request,
}

case("an offset far past the end (1000) still answers an empty list", function()
  group_rows(3)
  expect(list("offset=1000").failure_jobs).equals(empty_array)
end)

-- Readings offered as options ----------------------------------------------------------------------------------

case("sdrs_count = page makes count the number of rows in the page", function()
  fake.options { sdrs_count = "page" }
  group_rows(3)
  expect(list("limit=2").count).equals(2)
  expect(list("offset=2").count).equals(1)
  expect(list("limit=0").count).equals(0)
end)

case("sdrs_count = total (the default reading) keeps count at the total", function()
  fake.options { sdrs_count = "total" }
  group_rows(3)
  expect(list("limit=2").count).equals(3)
end)

case("the default 400 body is {\"error\": ...}, not the badrequest wrapper", function()
  local res = http.get(base .. "?limit=1001")
  expect(res.status).equals(400)
  expect(res).conforms("sdrs/error")
  expect(res.json.badrequest).equals(nil)
  local ok = pcall(function() expect(res).conforms("sdrs/error_badrequest") end)
  expect(ok).equals(false)
end)

case("sdrs_errors = wrapper answers a 400 as {\"badrequest\": ...} with the same code", function()
  fake.options { sdrs_errors = "wrapper" }
  local res = http.get(base .. "?offset=-1")
  expect(res.status).equals(400)
  expect(res).conforms("sdrs/error_badrequest")
  expect(res.json.badrequest.code).equals("SDRS.0222")
  expect(type(res.json.badrequest.message)).equals("string")
  expect(res.json.error).equals(nil)
  local ok = pcall(function() expect(res).conforms("sdrs/error") end)
  expect(ok).equals(false)
end)

case("a method other than GET on the list answers 405 with Allow: GET", function()
  local res = http.request("POST", base, { body = {} })
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET")
  expect(res).conforms("sdrs/error")
end)
