-- SDRS: GET /v1/{project_id}/jobs/{job_id} (Querying the Job Status).
-- Each case gets a fresh world; the fake serves it over a real socket and responses are checked against
-- fixtures/sdrs/job_status.schema.json.

local function poll(job)
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/job_status")
  return res.json
end

case("a job goes INIT -> RUNNING -> SUCCESS while it is polled, then stays SUCCESS", function()
  local job = fake.job {
    job_type = "createProtectionGroupNoCG",
    timeline = { "INIT", "RUNNING", "RUNNING", "SUCCESS" },
    entities = { server_group_id = "a59d008e-4bad-4bf3-9b17-6cc25e7da483" },
  }
  for _, want in ipairs { "INIT", "RUNNING", "RUNNING", "SUCCESS", "SUCCESS" } do
    local body = poll(job)
    expect(body.status).equals(want)
    expect(body.job_id).equals(job.job_id)
    expect(body.entities.server_group_id).equals("a59d008e-4bad-4bf3-9b17-6cc25e7da483")
  end
end)

case("end_time is null until the job is terminal, then set and stable", function()
  local job = fake.job { job_type = "startProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
  local running = poll(job)
  expect(running.end_time).equals(null)
  expect(running.error_code).equals(null)
  expect(running.fail_reason).equals(null)
  local done = poll(job)
  expect(type(done.end_time)).equals("string")
  expect(done.end_time > done.begin_time).equals(true)
  expect(poll(job).end_time).equals(done.end_time)
end)

case("a failed job carries error_code and fail_reason", function()
  local job = fake.job {
    job_type = "failoverProtectionGroupNoCG",
    timeline = { "RUNNING", "FAIL" },
    error_code = "SDRS.0405",
    fail_reason = "Failed to execute the job.",
  }
  expect(poll(job).error_code).equals(null)
  local failed = poll(job)
  expect(failed.status).equals("FAIL")
  expect(failed.error_code).equals("SDRS.0405")
  expect(failed.fail_reason).equals("Failed to execute the job.")
  expect(type(failed.end_time)).equals("string")
end)

case("sub-jobs advance with their parent, and one of them fails", function()
  local job = fake.job {
    job_type = "stopProtectionGroupNoCG",
    timeline = { "RUNNING", "RUNNING", "FAIL" },
    error_code = "SDRS.0406",
    fail_reason = "Failed to execute the subjob.",
    sub_jobs = {
      { job_type = "stopProtectionGroupRepNoCG", timeline = { "RUNNING", "SUCCESS" } },
      { job_type = "stopProtectionGroupRepNoCG", timeline = { "RUNNING", "FAIL" },
        error_code = "SDRS.0405", fail_reason = "replication pair is error" },
    },
  }
  local first = poll(job)
  expect(#first.entities.sub_jobs).equals(2)
  expect(first.entities.sub_jobs[1].status).equals("RUNNING")
  expect(first.entities.sub_jobs[2].status).equals("RUNNING")

  local second = poll(job)
  expect(second.status).equals("RUNNING")
  expect(second.entities.sub_jobs[1].status).equals("SUCCESS")
  expect(second.entities.sub_jobs[1].error_code).equals(null)
  expect(second.entities.sub_jobs[2].status).equals("FAIL")
  expect(second.entities.sub_jobs[2].error_code).equals("SDRS.0405")
  expect(second.entities.sub_jobs[2].job_id).equals(job.sub_jobs[2].job_id)

  local last = poll(job)
  expect(last.status).equals("FAIL")
  expect(last.error_code).equals("SDRS.0406")
end)

case("an unknown job id answers 404 with the documented error body", function()
  local res = http.get("/v1/" .. project_id .. "/jobs/0000000000000000000000000000dead")
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error")
  expect(type(res.json.error.code)).equals("string")
  expect(type(res.json.error.message)).equals("string")
end)

case("the first example of the page is served back as published", function()
  local example = fixture("sdrs/job_status.example")
  local job = fake.job {
    job_id = example.job_id,
    job_type = example.job_type,
    timeline = { example.status },
    entities = example.entities,
    begin_time = example.begin_time,
    end_time = example.end_time,
  }
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/job_status")
  expect(res.json).equals(example)
end)

case("the second example of the page (with sub-jobs) is served back as published", function()
  local example = fixture("sdrs/job_status_subjobs.example")
  local subs = {}
  for i, sub in ipairs(example.entities.sub_jobs) do
    subs[i] = {
      job_id = sub.job_id, job_type = sub.job_type, timeline = { sub.status },
      begin_time = sub.begin_time, end_time = sub.end_time,
      entities = { server_group_id = sub.entities.server_group_id },
    }
  end
  local job = fake.job {
    job_id = example.job_id, job_type = example.job_type, timeline = { example.status },
    begin_time = example.begin_time, end_time = example.end_time, sub_jobs = subs,
  }
  local res = http.get(job.path)
  expect(res).conforms("sdrs/job_status")
  expect(res.json).equals(example)
end)
