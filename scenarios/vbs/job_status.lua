-- VBS: GET /v1/{project_id}/jobs/{job_id} (Querying the Job Status), a job made with fake.job{service = "vbs"}.
-- VBS differs from SDRS (contradiction 5): entities is a map of string to string and sub_jobs sit at the top
-- level. Responses are checked against fixtures/vbs/job_status.schema.json, errors against vbs/error.

local function vbs_job(spec)
  spec.service = "vbs"
  return fake.job(spec)
end

local function poll(job)
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("vbs/job_status")
  return res.json
end

local backup_entities = {
  backup_id = "ba5401a2-7cd2-4c01-8c0d-c936ab412d6d",
  volume_id = "7e5fdc5a-5e36-4b22-8bcc-7f17037290cc",
  snapshot_id = "a77a96bf-dd18-40bf-a446-fdcefc1719ec",
}

case("the page's example is served back as published", function()
  local example = fixture("vbs/job_status.example")
  local job = vbs_job {
    job_id = example.job_id, job_type = example.job_type, timeline = { example.status },
    entities = example.entities, begin_time = example.begin_time, end_time = example.end_time,
  }
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("vbs/job_status")
  expect(res.json).equals(example)
end)

case("a backup job goes INIT -> RUNNING -> SUCCESS while it is polled, then stays SUCCESS", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "INIT", "RUNNING", "SUCCESS" },
                        entities = backup_entities }
  for _, want in ipairs { "INIT", "RUNNING", "SUCCESS", "SUCCESS" } do
    local body = poll(job)
    expect(body.status).equals(want)
    expect(body.job_id).equals(job.job_id)
    expect(body.entities).equals(backup_entities)
  end
end)

case("end_time is null until the job is terminal, then set after begin_time and stable", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "INIT", "RUNNING", "SUCCESS" } }
  expect(poll(job).end_time).equals(null)
  expect(poll(job).end_time).equals(null)
  local done = poll(job)
  expect(type(done.end_time)).equals("string")
  expect(done.end_time > done.begin_time).equals(true)
  expect(poll(job).end_time).equals(done.end_time)
end)

case("error_code and fail_reason are null while nothing has failed", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "RUNNING", "SUCCESS" },
                        error_code = "VolumeBackup.0014", fail_reason = "submit job exception" }
  for _ = 1, 2 do
    local body = poll(job)
    expect(body.error_code).equals(null)
    expect(body.fail_reason).equals(null)
  end
end)

case("a failed job carries its error_code and fail_reason", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "RUNNING", "FAIL" },
                        error_code = "VolumeBackup.0014", fail_reason = "submit job exception" }
  poll(job)
  local failed = poll(job)
  expect(failed.status).equals("FAIL")
  expect(failed.error_code).equals("VolumeBackup.0014")
  expect(failed.fail_reason).equals("submit job exception")
  expect(type(failed.end_time)).equals("string")
end)

case("entities is a map of string to string", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "SUCCESS" },
                        entities = { backup_id = backup_entities.backup_id, bks_create_volume_name = "autobk_volume" } }
  local body = poll(job)
  for key, value in pairs(body.entities) do
    expect(type(key) .. ":" .. type(value)).equals("string:string")
  end
  expect(body.entities.bks_create_volume_name).equals("autobk_volume")
end)

case("a job without entities serves an empty entities object", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "SUCCESS" } }
  local res = http.get(job.path)
  expect(res).conforms("vbs/job_status")
  expect(res.body:find('"entities":{}', 1, true) ~= nil).equals(true)
end)

case("sub_jobs are served at the top level, not inside entities", function()
  local job = vbs_job {
    job_type = "bksCreateBackup", timeline = { "SUCCESS" }, entities = backup_entities,
    sub_jobs = { { job_type = "bksCreateBackupSnapshot", timeline = { "SUCCESS" },
                   entities = { snapshot_id = backup_entities.snapshot_id } } },
  }
  local body = poll(job)
  expect(#body.sub_jobs).equals(1)
  expect(body.sub_jobs[1].job_id).equals(job.sub_jobs[1].job_id)
  expect(body.sub_jobs[1].entities).equals { snapshot_id = backup_entities.snapshot_id }
  expect(body.entities.sub_jobs).equals(nil)
  expect(body.entities).equals(backup_entities)
end)

case("a job without sub-jobs has no sub_jobs key", function()
  local body = poll(vbs_job { job_type = "bksCreateBackup", timeline = { "SUCCESS" } })
  expect(body.sub_jobs).equals(nil)
  expect(body.entities.sub_jobs).equals(nil)
end)

case("sub-jobs advance with their parent, and a failed one carries its own error", function()
  local job = vbs_job {
    job_type = "bksCreateBackup", timeline = { "RUNNING", "RUNNING", "FAIL" },
    error_code = "VolumeBackup.0014", fail_reason = "submit job exception",
    sub_jobs = {
      { job_type = "bksCreateBackupSnapshot", timeline = { "RUNNING", "SUCCESS" } },
      { job_type = "bksBackupData", timeline = { "INIT", "FAIL" },
        error_code = "VolumeBackup.0014", fail_reason = "backup data failed" },
    },
  }
  local first = poll(job)
  expect(first.sub_jobs[1].status).equals("RUNNING")
  expect(first.sub_jobs[2].status).equals("INIT")
  local second = poll(job)
  expect(second.status).equals("RUNNING")
  expect(second.sub_jobs[1].status).equals("SUCCESS")
  expect(second.sub_jobs[1].error_code).equals(null)
  expect(second.sub_jobs[2].status).equals("FAIL")
  expect(second.sub_jobs[2].fail_reason).equals("backup data failed")
  local last = poll(job)
  expect(last.status).equals("FAIL")
  expect(last.error_code).equals("VolumeBackup.0014")
end)

case("an SDRS-shaped body (sub_jobs inside entities) does not conform to the VBS schema", function()
  local sdrs = fake.job {
    job_type = "stopProtectionGroupNoCG", timeline = { "SUCCESS" },
    sub_jobs = { { job_type = "stopProtectionGroupRepNoCG", timeline = { "SUCCESS" } } },
  }
  local res = http.get(sdrs.path)
  expect(res).conforms("sdrs/job_status")
  local ok = pcall(function() expect(res).conforms("vbs/job_status") end)
  expect(ok).equals(false)
end)

case("an SDRS client looking in entities finds none of a VBS job's sub-jobs", function()
  local job = vbs_job {
    job_type = "bksCreateBackup", timeline = { "SUCCESS" },
    sub_jobs = { { job_type = "bksCreateBackupSnapshot", timeline = { "SUCCESS" } } },
  }
  local res = http.get(job.path)
  expect(res).conforms("vbs/job_status")
  expect(res.json.entities.sub_jobs).equals(nil)
  expect(#res.json.sub_jobs).equals(1)
end)

case("an unknown job id answers 404 with the VBS error body", function()
  local res = http.get("/v1/" .. project_id .. "/jobs/0000000000000000000000000000dead")
  expect(res.status).equals(404)
  expect(res).conforms("vbs/error")
  expect(type(res.json.error.code)).equals("string")
  expect(type(res.json.error.message)).equals("string")
end)

case("a VBS job of another project is unknown in this project", function()
  local job = vbs_job { project_id = "ffffffffffffffffffffffffffffffff", job_type = "bksCreateBackup",
                        timeline = { "SUCCESS" } }
  local res = http.get("/v1/" .. project_id .. "/jobs/" .. job.job_id)
  expect(res.status).equals(404)
  expect(res).conforms("vbs/error")
  expect(poll(job).job_id).equals(job.job_id)
end)

case("a sub-job is served only inside its parent: its own path answers 404", function()
  local job = vbs_job {
    job_type = "bksCreateBackup", timeline = { "SUCCESS" },
    sub_jobs = { { job_type = "bksCreateBackupSnapshot", timeline = { "SUCCESS" } } },
  }
  local res = http.get("/v1/" .. project_id .. "/jobs/" .. job.sub_jobs[1].job_id)
  expect(res.status).equals(404)
  expect(res).conforms("vbs/error")
end)

case("a 404 does not advance the timeline", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "INIT", "SUCCESS" } }
  http.get("/v1/" .. project_id .. "/jobs/0000000000000000000000000000dead")
  expect(poll(job).status).equals("INIT")
end)

case("a method other than GET answers 405 with Allow: GET and the VBS error body", function()
  local job = vbs_job { job_type = "bksCreateBackup", timeline = { "INIT", "SUCCESS" } }
  local res = http.request("DELETE", job.path)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET")
  expect(res).conforms("vbs/error")
  expect(poll(job).status).equals("INIT")
end)
