-- A world for `harness serve` with a service the fake does not know: ECS's job API, declared with
-- fake.endpoint (docs/lua-api.md). A POST starts a server-creating job; its GETs run RUNNING, RUNNING, SUCCESS.
--
--   harness serve examples/serve/ecs.world.lua -- examples/serve/ecs_client.sh
--
-- scenarios/ecs/job_status.lua drives the same endpoints from a scenario, against fixtures/ecs/.

local SERVER = "bae51750-0089-41a1-9b18-5c777978ff2c"

local function job(status)
  local done = status ~= "RUNNING"
  return {
    status = status,
    entities = {
      sub_jobs_total = 1,
      sub_jobs = { {
        status = status, entities = { server_id = SERVER }, job_id = "{job_id}-1", job_type = "createSingleServer",
        begin_time = "2026-01-01T00:00:00.000Z", end_time = done and "2026-01-01T00:01:00.000Z" or null,
        error_code = null, fail_reason = null,
      } },
    },
    job_id = "{job_id}", job_type = "createServer", begin_time = "2026-01-01T00:00:00.000Z",
    end_time = done and "2026-01-01T00:01:05.000Z" or null, error_code = null, fail_reason = null,
  }
end

fake.endpoint {
  method = "POST", path = "/v1/{project_id}/cloudservers", service = "ecs",
  answers = { { body = { job_id = "{id}", serverIds = { SERVER } } } },
}

fake.endpoint {
  path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
  answers = { { body = job("RUNNING") }, { body = job("RUNNING") }, { body = job("SUCCESS") } },
}

check("the client started one job and polled it until SUCCESS", function()
  local posts = fake.requests { method = "POST", path = "/v1/*/cloudservers" }
  expect(#posts).equals(1)
  local polls = fake.requests { method = "GET", path = "/v1/*/jobs/*" }
  expect(#polls).equals(3)
  for _, poll in ipairs(polls) do expect(poll.status).equals(200) end
end)
