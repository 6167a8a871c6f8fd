-- What `harness verify` runs against a real endpoint: cases that only read pass or fail on the endpoint's
-- answers; a case that needs the fake (fake.*) is reported skipped with the reason.
-- tests/integration/verify_tls.sh serves these with `harness serve --tls-cert ...` and a world file that
-- creates the known job below.

local known = "0000000000000000000000000000job1"

case("an unknown job is 404 with the documented error body", function()
  local res = http.get("/v1/" .. project_id .. "/jobs/00000000000000000000000000000000")
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error")
end)

case("a known job is 200 and conforms to the job status schema", function()
  local res = http.get("/v1/" .. project_id .. "/jobs/" .. known)
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/job_status")
  expect(res.json.job_id).equals(known)
end)

case("a job the fake makes (needs the fake)", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  expect(http.get(job.path).status).equals(200)
end)
