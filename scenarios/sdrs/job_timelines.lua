-- SDRS: GET /v1/{project_id}/jobs/{job_id} with timelines by time, on the world's virtual clock.
-- A state written {"RUNNING", seconds = 30} lasts 30 s of fake.clock; the job stands wherever the clock says,
-- however often it is polled, and a terminal state's end_time is the moment the clock reached it. Pollers here
-- wait by advancing the clock (every 5 s, as SDK waiters do), so minutes of polling take milliseconds.
-- A timeline of plain strings still moves one state per GET, whatever the clock does.

local function poll(job)
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/job_status")
  return res.json
end

local function at(seconds)   -- the clock's time as the pages write it
  local m, s = seconds // 60, seconds % 60
  return ("2026-01-01T00:%02d:%02d.000Z"):format(m, s)
end

case("a job RUNNING past the poller's 600 s deadline: 121 polls 5 s apart, never SUCCESS", function()
  local job = fake.job {
    job_type = "createProtectionGroupNoCG",
    timeline = { { "INIT", seconds = 5 }, { "RUNNING", seconds = 3600 }, "SUCCESS" },
  }
  local polls, seen = 0, {}
  while true do
    local body = poll(job)
    polls = polls + 1
    seen[body.status] = (seen[body.status] or 0) + 1
    expect(body.end_time).equals(null)
    if body.status == "SUCCESS" or body.status == "FAIL" then break end
    if fake.clock.now() >= 600 then break end   -- the poller gives up
    fake.clock.advance(5)
  end
  expect(polls).equals(121)   -- at 0, 5, ..., 600 s
  expect(seen).equals { INIT = 1, RUNNING = 120 }
  expect(fake.clock.now()).equals(600)
  local journal = fake.requests { method = "GET", path = job.path }
  expect(#journal).equals(121)
  expect(journal[1].time).equals(0)
  expect(journal[2].time).equals(5)
  expect(journal[121].time).equals(600)
end)

case("a job that FAILs after one of its sub-jobs fails, by time", function()
  local job = fake.job {
    job_type = "stopProtectionGroupNoCG",
    timeline = { { "RUNNING", seconds = 20 }, "FAIL" },
    error_code = "SDRS.0406",
    fail_reason = "Failed to execute the subjob.",
    sub_jobs = {
      { job_type = "stopProtectionGroupRepNoCG", timeline = { { "RUNNING", seconds = 10 }, "SUCCESS" } },
      { job_type = "stopProtectionGroupRepNoCG", timeline = { { "RUNNING", seconds = 15 }, "FAIL" },
        error_code = "SDRS.0405", fail_reason = "replication pair is error" },
    },
  }
  local function states(body)
    local subs = body.entities.sub_jobs
    return { body.status, subs[1].status, subs[2].status }
  end
  expect(states(poll(job))).equals { "RUNNING", "RUNNING", "RUNNING" }
  fake.clock.advance(10)
  expect(states(poll(job))).equals { "RUNNING", "SUCCESS", "RUNNING" }
  fake.clock.advance(5)
  local sub_failed = poll(job)
  expect(states(sub_failed)).equals { "RUNNING", "SUCCESS", "FAIL" }
  expect(sub_failed.error_code).equals(null)
  expect(sub_failed.entities.sub_jobs[2].error_code).equals("SDRS.0405")
  expect(sub_failed.entities.sub_jobs[2].end_time).equals(at(15))
  fake.clock.advance(5)
  local failed = poll(job)
  expect(states(failed)).equals { "FAIL", "SUCCESS", "FAIL" }
  expect(failed.error_code).equals("SDRS.0406")
  expect(failed.fail_reason).equals("Failed to execute the subjob.")
  expect(failed.end_time).equals(at(20))
  expect(failed.entities.sub_jobs[1].end_time).equals(at(10))
end)

case("RUNNING for 30 s then SUCCESS: begin_time and end_time are exactly the clock's", function()
  fake.clock.advance(60)
  local job = fake.job {
    job_type = "createProtectionGroupNoCG",
    timeline = { { "RUNNING", seconds = 30 }, "SUCCESS" },
  }
  local first = poll(job)
  expect(first.status).equals("RUNNING")
  expect(first.begin_time).equals(at(60))
  expect(first.end_time).equals(null)
  fake.clock.advance(29.999)
  expect(poll(job).status).equals("RUNNING")
  fake.clock.advance(0.001)
  local done = poll(job)
  expect(done.status).equals("SUCCESS")
  expect(done.begin_time).equals(at(60))
  expect(done.end_time).equals(at(90))
end)

case("end_time is when the clock reached the terminal state, not when a poll first saw it", function()
  local job = fake.job {
    job_type = "createProtectionGroupNoCG",
    timeline = { { "RUNNING", seconds = 30 }, "SUCCESS" },
  }
  fake.clock.advance(100)   -- nobody polled while it finished
  local done = poll(job)
  expect(done.status).equals("SUCCESS")
  expect(done.end_time).equals(at(30))
  fake.clock.advance(100)
  expect(poll(job).end_time).equals(at(30))
end)

case("a job by time does not move however often it is polled while the clock stands still", function()
  local job = fake.job {
    job_type = "createProtectionGroupNoCG",
    timeline = { { "INIT", seconds = 5 }, { "RUNNING", seconds = 30 }, "SUCCESS" },
  }
  for _ = 1, 10 do expect(poll(job).status).equals("INIT") end
  fake.clock.advance(5)
  for _ = 1, 10 do expect(poll(job).status).equals("RUNNING") end
  fake.clock.advance(30)
  expect(poll(job).status).equals("SUCCESS")
end)

case("a timeline of plain states still moves one state per GET, whatever the clock does", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "SUCCESS" } }
  expect(poll(job).status).equals("INIT")
  expect(poll(job).status).equals("RUNNING")   -- the clock has not moved
  fake.clock.advance(1000)
  local done = poll(job)
  expect(done.status).equals("SUCCESS")
  -- by count, end_time is begin_time + 1 s per GET before the terminal one, not the clock's time
  expect(done.begin_time).equals(at(0))
  expect(done.end_time).equals(at(2))
end)

case("the clock starts at 0 in every case", function()
  expect(fake.clock.now()).equals(0)
  fake.clock.advance(2.5)
  expect(fake.clock.now()).equals(2.5)
end)
