-- Faults that answer with a status: for every endpoint and every abnormal status its service's statuses.json
-- lists, a status fault answers with that status and the service's documented error body (the code and message of
-- that endpoint's row, in the shape of its error_schema). Then what a scenario may change: a whole custom body,
-- the code or the message alone, and the badrequest/itemNotFound wrappers of SDRS failure-jobs
-- (fake.options { sdrs_errors = "wrapper" }, fixtures/CONTRADICTIONS.md).
-- One case per endpoint x status, generated from the tables so a new row in statuses.json gets its case.

local token = { ["X-Auth-Token"] = "a-token" }   -- KPS: mandatory (faults answer first, but send it anyway)
local group_id = "11111111-1111-4111-8111-111111111111"

-- Sorted keys, so the cases are defined (and reported) in the same order on every run.
local function sorted_keys(t, numeric)
  local keys = {}
  for k in pairs(t) do
    if not (type(k) == "string" and k:sub(1, 1) == "$") then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    if numeric then return tonumber(a) < tonumber(b) end
    return a < b
  end)
  return keys
end

-- A concrete path for a published template. Jobs must exist: the fake picks SDRS or VBS by the job's service.
local function concrete(service, template)
  local path = template:gsub("{project_id}", project_id)
  if path:find("{job_id}", 1, true) then
    local job = fake.job {
      service = service,
      job_type = service == "vbs" and "bksCreateBackup" or "createProtectionGroupNoCG",
      timeline = { "RUNNING", "SUCCESS" },
    }
    path = path:gsub("{job_id}", job.job_id)
  end
  path = path:gsub("{failure_job_id}", "0000000062db92d70162db9d200f000a")
  path = path:gsub("{server_group_id}", group_id)
  path = path:gsub("{task_id}", "3c7eac8e-7d45-4f4b-b1d3-2b2b3c4d5e6f")
  return path
end

-- The code and message of an error body, whatever its documented shape.
local function code_and_message(service, json)
  if service == "kps" then return json.error_code, json.error_msg end
  return json.error.code, json.error.message
end

for _, service in ipairs { "sdrs", "kps", "vbs" } do
  local table_ = fixture(service .. "/statuses")
  for _, endpoint in ipairs(sorted_keys(table_)) do
    local row = table_[endpoint]
    local method, template = endpoint:match("^(%u+) (.+)$")
    for _, status in ipairs(sorted_keys(row.statuses, true)) do
      local want = row.statuses[status]
      local title = ("%s answers %s with %s's documented body"):format(endpoint, status, service:upper())
      case(title, function()
        local path = concrete(service, template)
        local n = fake.fault { method = method, path = path, status = tonumber(status) }
        local res = http.request(method, path, { headers = token })
        expect(res.status).equals(tonumber(status))
        expect(res.headers["content-type"]).equals("application/json")
        expect(res).conforms(row.error_schema)
        local code, message = code_and_message(service, res.json)
        expect(code).equals(want.code)
        expect(message).equals(want.message)
        local seen = fake.requests { method = method, path = path }
        expect(#seen).equals(1)
        expect(seen[1].status).equals(tonumber(status))
        expect(seen[1].fault).equals(n)
      end)
    end
  end
end

case("a status the table does not list gets HARNESS.<status> in the service's shape", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 429 }
  local res = http.get(job.path)
  expect(res.status).equals(429)
  expect(res).conforms("sdrs/error")
  expect(res.json.error.code).equals("HARNESS.0429")

  local kps = "/v3/" .. project_id .. "/failed-tasks"
  fake.fault { path = kps, status = 418 }
  local flat = http.get(kps, { headers = token })
  expect(flat.status).equals(418)
  expect(flat).conforms("kps/error")
  expect(flat.json.error_code).equals("HARNESS.0418")
end)

case("a custom string body is served as is, with the content type the fault gives", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 503, body = "upstream is down", content_type = "text/plain" }
  local res = http.get(job.path)
  expect(res.status).equals(503)
  expect(res.body).equals("upstream is down")
  expect(res.headers["content-type"]).equals("text/plain")
  expect(res.json).equals(nil)
  expect(type(res.json_error)).equals("string")
end)

case("a custom table body is served as JSON in place of the documented body", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 500, body = { code = "SDRS.0405", message = "top-level, not nested" } }
  local res = http.get(job.path)
  expect(res.status).equals(500)
  expect(res.headers["content-type"]).equals("application/json")
  expect(res.json).equals { code = "SDRS.0405", message = "top-level, not nested" }
  local ok, err = pcall(function() expect(res).conforms("sdrs/error") end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
end)

case("code alone replaces the documented code and keeps the documented message", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 500, code = "SDRS.0408" }
  local res = http.get(job.path)
  expect(res.status).equals(500)
  expect(res).conforms("sdrs/error")
  expect(res.json.error).equals { code = "SDRS.0408", message = "Job context query error." }
end)

case("message alone replaces the documented message and keeps the documented code", function()
  local kps = "/v3/" .. project_id .. "/running-tasks"
  fake.fault { path = kps, status = 403, message = "The account is frozen." }
  local res = http.get(kps, { headers = token })
  expect(res.status).equals(403)
  expect(res).conforms("kps/error")
  expect(res.json).equals { error_code = "KPS.9003", error_msg = "The account is frozen." }
end)

case("code and message together replace both", function()
  local job = fake.job { service = "vbs", job_type = "bksCreateBackup", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 404, code = "common.0011", message = "the job was purged" }
  local res = http.get(job.path)
  expect(res.status).equals(404)
  expect(res).conforms("vbs/error")
  expect(res.json.error).equals { code = "common.0011", message = "the job was purged" }
end)

case("with sdrs_errors = wrapper, a 400 fault on failure-jobs answers in the badrequest wrapper", function()
  fake.options { sdrs_errors = "wrapper" }
  local path = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = path, status = 400 }
  local res = http.get(path .. "?limit=10")
  expect(res.status).equals(400)
  expect(res).conforms("sdrs/error_badrequest")
  expect(res.json).equals { badrequest = { code = "SDRS.0201", message = "Invalid request parameters." } }
  expect(res.json.error).equals(nil)   -- what a client reading only error.code loses
end)

case("with sdrs_errors = wrapper, a 404 fault on failure-jobs answers in the itemNotFound wrapper", function()
  fake.options { sdrs_errors = "wrapper" }
  local path = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = path, status = 404 }
  local res = http.get(path)
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error_itemnotfound")
  expect(res.json.itemNotFound.code).equals("HARNESS.0404")
end)

case("with sdrs_errors = wrapper, a 503 on failure-jobs and a 400 on job status stay {error: ...}", function()
  fake.options { sdrs_errors = "wrapper" }
  local path = "/v1/" .. project_id .. "/task-center/failure-jobs"
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = path, status = 503 }
  fake.fault { path = job.path, status = 400 }
  local unavailable = http.get(path)
  expect(unavailable.status).equals(503)
  expect(unavailable).conforms("sdrs/error")
  expect(unavailable.json.error.code).equals("HARNESS.0503")
  local bad = http.get(job.path)
  expect(bad.status).equals(400)
  expect(bad).conforms("sdrs/error")
  expect(bad.json.error.code).equals("SDRS.0201")
end)
