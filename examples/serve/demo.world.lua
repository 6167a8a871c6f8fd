-- A world for `harness serve` (docs/serve.md): the jobs, failed tasks and faults an external client meets,
-- set with the same fake.* calls a scenario uses, and checks on what the client did.
--
--   harness serve examples/serve/demo.world.lua --port 8080
--   harness serve examples/serve/demo.world.lua -- examples/serve/poll_client.sh
--
-- Edit this file while the server runs: it is reloaded (a broken edit keeps the last good world).

-- A job with a fixed id, so a client can be told where to look. Each GET moves it one state on.
fake.job {
  job_id = "0000000000000000000000000000job1",
  job_type = "createProtectionGroupNoCG",
  timeline = { "INIT", "RUNNING", "RUNNING", "SUCCESS" },
  entities = { server_group_id = "a59d008e-4bad-4bf3-9b17-6cc25e7da483" },
}

-- A job that runs for two seconds of real time, then fails.
fake.job {
  job_id = "0000000000000000000000000000job2",
  job_type = "deleteProtectionGroup",
  timeline = { { "RUNNING", seconds = 2 }, "FAIL" },
  error_code = "SDRS.1002",
  fail_reason = "The protection group is in use.",
}

fake.failure_job { resource_name = "group-1", failure_status = "createFail" }

-- The first poll of the first job is answered 503: a good client retries.
fake.fault { path = "/v1/*/jobs/0000000000000000000000000000job1", status = 503, nth = 1 }

local job1 = "/v1/" .. project_id .. "/jobs/0000000000000000000000000000job1"

check("the client polled until SUCCESS", function()
  local polls = fake.requests { method = "GET", path = job1 }
  expect(#polls >= 5).equals(true)                 -- the 503, then INIT, RUNNING, RUNNING, SUCCESS
  expect(polls[1].status).equals(503)
  expect(polls[#polls].status).equals(200)
end)

check("it stopped polling after SUCCESS", function()
  expect(#fake.requests { method = "GET", path = job1 }).equals(5)
end)

check("it never asked for a job that does not exist", function()
  for _, request in ipairs(fake.requests()) do
    expect(request.status == 404).equals(false)
  end
end)
