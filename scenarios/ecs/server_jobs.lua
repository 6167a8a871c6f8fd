-- ECS with endpoints that are Lua functions (fake.endpoint{handler = ...}): POST /v1/{project_id}/cloudservers
-- creates a job that GET /v1/{project_id}/jobs/{job_id} then knows; any other job id is a 404, in ECS's error
-- shape. The state (which jobs exist, how often each was polled) is this file's Lua table: the handlers run
-- on the scenario's thread, so they read and change it like any other code of the file.

local jobs = {} -- "project/job id" -> { name = ..., polls = n }
local created = 0

local function job_body(job_id, job, status)
  local done = status ~= "RUNNING"
  return {
    status = status,
    entities = {
      sub_jobs_total = 1,
      sub_jobs = { {
        status = status, entities = { server_id = job.server_id }, job_id = job_id .. "-1",
        job_type = "createSingleServer", begin_time = "2026-01-01T00:00:00.000Z",
        end_time = done and "2026-01-01T00:01:00.000Z" or null,
        error_code = (status == "FAIL") and "Ecs.0013" or null,
        fail_reason = (status == "FAIL") and "insufficient EIP quota" or null,
      } },
    },
    job_id = job_id, job_type = "createServer", begin_time = "2026-01-01T00:00:00.000Z",
    end_time = done and "2026-01-01T00:01:05.000Z" or null,
    error_code = (status == "FAIL") and "Ecs.0013" or null,
    fail_reason = (status == "FAIL") and "insufficient EIP quota" or null,
  }
end

fake.endpoint {
  method = "POST", path = "/v1/{project_id}/cloudservers", service = "ecs",
  handler = function(req)
    local server = req.json and req.json.server
    if type(server) ~= "table" or type(server.name) ~= "string" then
      return { status = 400, body = { error = { code = "Ecs.0005", message = "server.name is required" } } }
    end
    created = created + 1
    local job_id = string.format("ff80808%025d", created)
    jobs[req.params.project_id .. "/" .. job_id] = {
      name = server.name, polls = 0, server_id = string.format("srv-%04d", created),
      -- a server named "*-fails" runs into a quota error, as the real service does without EIPs
      timeline = server.name:match("%-fails$") and { "RUNNING", "FAIL" } or { "RUNNING", "RUNNING", "SUCCESS" },
    }
    return { status = 200, body = { job_id = job_id, serverIds = { string.format("srv-%04d", created) } } }
  end,
}

fake.endpoint {
  path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
  handler = function(req)
    local job = jobs[req.params.project_id .. "/" .. req.params.job_id]
    if not job then
      local message = "job " .. req.params.job_id .. " not found"
      return { status = 404, body = { error = { code = "Ecs.0114", message = message } } }
    end
    job.polls = job.polls + 1
    local status = job.timeline[math.min(job.polls, #job.timeline)]
    return { body = job_body(req.params.job_id, job, status), headers = { ["X-Request-Id"] = "ecs-" .. job.polls } }
  end,
}

local function create(name)
  local res = http.request("POST", "/v1/" .. project_id .. "/cloudservers", { body = { server = { name = name } } })
  expect(res.status).equals(200)
  return res.json.job_id
end

local function poll(job_id)
  local res = http.get("/v1/" .. project_id .. "/jobs/" .. job_id)
  if res.status == 200 then expect(res).conforms("ecs/job_status") end
  return res
end

case("a POST creates a job that the next GETs poll RUNNING, RUNNING, SUCCESS, then it stays", function()
  local job_id = create("web")
  local seen = {}
  for i = 1, 4 do
    local res = poll(job_id)
    expect(res.status).equals(200)
    expect(res.headers["x-request-id"]).equals("ecs-" .. i)
    seen[i] = res.json.status
  end
  expect(seen).equals({ "RUNNING", "RUNNING", "SUCCESS", "SUCCESS" })
end)

case("each created job has its own timeline and its own server", function()
  local a, b = create("a"), create("b-fails")
  expect(a).not_equals(b)
  expect(poll(a).json.status).equals("RUNNING")
  expect(poll(b).json.status).equals("RUNNING")
  local failed = poll(b).json
  expect(failed.status).equals("FAIL")
  expect(failed.entities.sub_jobs[1].fail_reason).equals("insufficient EIP quota")
  expect(poll(a).json.status).equals("RUNNING")
end)

case("a job nobody created is a 404 in ECS's error shape", function()
  local res = poll("ff808080000000000000000000000000")
  expect(res.status).equals(404)
  expect(res).conforms("ecs/error")
  expect(res.json.error.code).equals("Ecs.0114")
end)

case("the handler reads the request: a POST without server.name is a 400", function()
  local res = http.request("POST", "/v1/" .. project_id .. "/cloudservers", { body = { flavor = "s6.small.1" } })
  expect(res.status).equals(400)
  expect(res).conforms("ecs/error")
  expect(res.json.error.message).contains("server.name")
end)

case("faults bend a handler's answer as any other: a 503 first, then the job", function()
  local job_id = create("retry")
  fake.fault { path = "/v1/*/jobs/*", status = 503, times = 1 }
  expect(poll(job_id).status).equals(503)
  expect(poll(job_id).json.status).equals("RUNNING") -- the 503 never reached the handler
end)

case("a handler that fails answers 500, and the request's case errs naming the handler's line", function()
  fake.endpoint {
    path = "/v1/{project_id}/broken/{id}", service = "ecs",
    handler = function(req) error("no server " .. req.params.id) end,
  }
  local ok, err = pcall(http.get, "/v1/" .. project_id .. "/broken/7")
  expect(ok).equals(false)
  expect(tostring(err)).matches("server_jobs%.lua:%d+: no server 7")
  expect(fake.requests { path = "/v1/*/broken/*" }[1].status).equals(500)
end)

case("a handler cannot send requests itself, nor return what is not an answer", function()
  fake.endpoint { path = "/v1/{project_id}/loop", service = "ecs", handler = function() return http.get("/") end }
  fake.endpoint { path = "/v1/{project_id}/nothing", service = "ecs", handler = function() end }
  local ok, err = pcall(http.get, "/v1/" .. project_id .. "/loop")
  expect(ok).equals(false)
  expect(tostring(err)).contains("not from an endpoint's handler")
  ok, err = pcall(http.get, "/v1/" .. project_id .. "/nothing")
  expect(ok).equals(false)
  expect(tostring(err)).matches(
    "server_jobs%.lua:%d+: the handler of GET /v1/{project_id}/nothing must return an answer")
end)
