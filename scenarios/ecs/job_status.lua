-- ECS: GET /v1/{project_id}/jobs/{job_id} (Querying Task Execution Status) and the POST that starts a job.
-- The fake knows nothing of ECS: this file declares both endpoints with fake.endpoint, and
-- fixtures/ecs/job_status.schema.json is its contract. Each job id gets its own run of the answers, as a job's
-- timeline does; the last answer stays.

local SERVER = "bae51750-0089-41a1-9b18-5c777978ff2c"

local function ecs_job(status, sub_status, sub_fail)
  local failed = sub_status == "FAIL"
  return {
    status = status,
    entities = {
      sub_jobs_total = 1,
      sub_jobs = { {
        status = sub_status, entities = { server_id = SERVER }, job_id = "{job_id}-1",
        job_type = "createSingleServer", begin_time = "2026-01-01T00:00:00.000Z",
        end_time = (sub_status == "RUNNING") and null or "2026-01-01T00:01:00.000Z",
        error_code = failed and sub_fail.code or null, fail_reason = failed and sub_fail.reason or null,
      } },
    },
    job_id = "{job_id}", job_type = "createServer", begin_time = "2026-01-01T00:00:00.000Z",
    end_time = (status == "RUNNING") and null or "2026-01-01T00:01:05.000Z",
    error_code = (status == "FAIL") and sub_fail.code or null,
    fail_reason = (status == "FAIL") and sub_fail.reason or null,
  }
end

-- Every job id runs through these answers on its own: RUNNING, then SUCCESS for good.
fake.endpoint {
  method = "GET", path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
  answers = {
    { body = ecs_job("RUNNING", "RUNNING") },
    { body = ecs_job("SUCCESS", "SUCCESS"), headers = { ["X-Request-Id"] = "ecs-{job_id}" } },
  },
}

fake.endpoint {
  method = "POST", path = "/v1/{project_id}/cloudservers", service = "ecs",
  answers = { { body = { job_id = "{id}", serverIds = { SERVER } } } },
}

local function poll(job_id)
  local res = http.get("/v1/" .. project_id .. "/jobs/" .. job_id)
  expect(res.status).equals(200)
  expect(res).conforms("ecs/job_status")
  return res.json
end

case("a job is RUNNING, then SUCCESS with its sub-job's server, and stays SUCCESS", function()
  local first = poll("job-1")
  expect(first.status).equals("RUNNING")
  expect(first.end_time).equals(null)
  expect(first.entities.sub_jobs[1].entities.server_id).equals(SERVER)
  for _ = 1, 2 do
    local done = poll("job-1")
    expect(done.status).equals("SUCCESS")
    expect(done.job_id).equals("job-1")
    expect(done.entities.sub_jobs_total).equals(1)
    expect(done.entities.sub_jobs[1].job_id).equals("job-1-1")
  end
end)

case("each job id has its own timeline", function()
  expect(poll("job-a").status).equals("RUNNING")
  expect(poll("job-a").status).equals("SUCCESS")
  expect(poll("job-b").status).equals("RUNNING")
end)

case("the answer's headers are the declared ones, with the path's values", function()
  poll("job-h")
  local res = http.get("/v1/" .. project_id .. "/jobs/job-h")
  expect(res.headers["x-request-id"]).equals("ecs-job-h")
end)

case("a POST starts a job that the next GETs poll to its end", function()
  local res = http.request("POST", "/v1/" .. project_id .. "/cloudservers", { body = { server = { name = "web" } } })
  expect(res.status).equals(200)
  expect(res.json.job_id).matches("^%x+$")
  expect(res.json.serverIds).contains(SERVER)
  expect(poll(res.json.job_id).status).equals("RUNNING")
  expect(poll(res.json.job_id).status).equals("SUCCESS")
  local again = http.request("POST", "/v1/" .. project_id .. "/cloudservers", { body = { server = { name = "db" } } })
  expect(again.json.job_id).not_equals(res.json.job_id)
end)

case("a failed job carries the sub-job's error_code and fail_reason", function()
  fake.endpoint {
    method = "GET", path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
    answers = { { body = ecs_job("FAIL", "FAIL", { code = "Ecs.0013", reason = "insufficient EIP quota" }) } },
  }
  local body = poll("job-f")
  expect(body.status).equals("FAIL")
  expect(body.error_code).equals("Ecs.0013")
  expect(body.entities.sub_jobs[1].fail_reason).equals("insufficient EIP quota")
end)

case("the contract check catches a body that breaks the ECS schema", function()
  fake.endpoint {
    method = "GET", path = "/v1/{project_id}/jobs/{job_id}", service = "ecs",
    answers = { { body = { status = "DONE", entities = { sub_jobs_total = "1" }, job_id = "{job_id}" } } },
  }
  local res = http.get("/v1/" .. project_id .. "/jobs/job-x")
  local ok, err = pcall(function() expect(res).conforms("ecs/job_status") end)
  expect(ok).equals(false)
  expect(tostring(err)).contains("ecs/job_status: missing required property")
end)

case("ECS errors: a busy service and an unknown job, in the nested error shape", function()
  fake.fault { path = "/v1/*/jobs/busy", status = 503, headers = { ["Retry-After"] = "2" } }
  fake.fault { path = "/v1/*/jobs/gone", status = 404 }
  local busy = http.get("/v1/" .. project_id .. "/jobs/busy")
  expect(busy.status).equals(503)
  expect(busy.headers["retry-after"]).equals("2")
  expect(busy).conforms("ecs/error")
  local gone = http.get("/v1/" .. project_id .. "/jobs/gone")
  expect(gone.status).equals(404)
  expect(gone).conforms("ecs/error")
  expect(gone.json.error.code).equals("HARNESS.0404")
  fake.fault { method = "POST", path = "/v1/*/cloudservers", status = 400 }
  expect(http.request("POST", "/v1/" .. project_id .. "/cloudservers", { body = "{" }).status).equals(400)
end)
