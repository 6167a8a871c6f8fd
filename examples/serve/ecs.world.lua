-- A world for `harness serve` with a service the fake does not know: ECS's job API, declared with
-- fake.endpoint (docs/lua-api.md). Both endpoints are Lua functions: a POST creates a server-creating job,
-- whose GETs then run RUNNING, RUNNING, SUCCESS; a job nobody created is a 404 in ECS's error shape.
--
--   harness serve examples/serve/ecs.world.lua -- examples/serve/ecs_client.sh
--
-- scenarios/ecs/server_jobs.lua drives the same kind of endpoints from a scenario, against fixtures/ecs/.

local SERVER = "bae51750-0089-41a1-9b18-5c777978ff2c"
local TIMELINE = { "RUNNING", "RUNNING", "SUCCESS" }
local jobs = {} -- job id -> GETs served so far
local created = 0

local function job(job_id, status)
  local done = status ~= "RUNNING"
  return {
    status = status,
    entities = {
      sub_jobs_total = 1,
      sub_jobs = { {
        status = status, entities = { server_id = SERVER }, job_id = job_id .. "-1", job_type = "createSingleServer",
        begin_time = "2026-01-01T00:00:00.000Z", end_time = done and "2026-01-01T00:01:00.000Z" or null,
        error_code = null, fail_reason = null,
      } },
    },
    job_id = job_id, job_type = "createServer", begin_time = "2026-01-01T00:00:00.000Z",
    end_time = done and "2026-01-01T00:01:05.000Z" or null, error_code = null, fail_reason = null,
  }
end

fake.endpoint {
  method = "POST", path = "/v1/{project_id}/cloudservers", service = "ecs",
  handler = function()
    created = created + 1
    local job_id = string.format("ff80808%025d", created)
    jobs[job_id] = 0
    return { body = { job_id = job_id, serverIds = { SERVER } } }
  end,
}

fake.endpoint {
  path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
  handler = function(req)
    local polls = jobs[req.params.job_id]
    if not polls then
      local message = "job " .. req.params.job_id .. " not found"
      return { status = 404, body = { error = { code = "Ecs.0114", message = message } } }
    end
    jobs[req.params.job_id] = polls + 1
    return { body = job(req.params.job_id, TIMELINE[math.min(polls + 1, #TIMELINE)]) }
  end,
}

check("the client started one job and polled it until SUCCESS", function()
  local posts = fake.requests { method = "POST", path = "/v1/*/cloudservers" }
  expect(#posts).equals(1)
  local polls = fake.requests { method = "GET", path = "/v1/*/jobs/*" }
  expect(#polls).equals(3)
  for _, poll in ipairs(polls) do expect(poll.status).equals(200) end
end)

check("a job nobody created is a 404", function()
  local res = http.get("/v1/" .. project_id .. "/jobs/ff808080000000000000000000000000")
  expect(res.status).equals(404)
  expect(res.json.error.code).equals("Ecs.0114")
end)
