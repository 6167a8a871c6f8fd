local job = fake.job {
  job_type = "createProtectionGroupNoCG",
  timeline = { "INIT", "RUNNING", "SUCCESS" },
  entities = { server_group_id = "a59d008e-4bad-4bf3-9b17-6cc25e7da483" },
  sub_jobs = { { job_type = "x", timeline = { "RUNNING", "FAIL" }, error_code = "E.1", fail_reason = "no" } },
}
case("poll", function()
  local res = http.get(job.path)
  expect(res.status).equals(200)
end)
case("by time", function()
  local j = fake.job { service = "vbs", job_type = "t", timeline = { { state = "RUNNING", seconds = 2 }, "SUCCESS" } }
  fake.clock.advance(3)
  expect(fake.clock.now()).equals(3)
  expect(j.job_id).equals(j.job_id)
end)
