-- Deliberately failing scenario for the integration test (never put this in scenarios/).
-- Each case fails in a different way; tests/integration/failing_scenarios.sh checks the report line by line.

case("a wrong status is a failure", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  local res = http.get(job.path)
  expect(res.status).equals(201)
end)

case("a body that breaks the schema is a failure with its pointer", function()
  local body = fixture("sdrs/job_status.example"); body.status = "DONE"
  expect(body).conforms("sdrs/job_status")
end)

case("a runtime error is an error", function()
  local missing = nil
  return missing.field
end)

case("a runaway loop is stopped", function()
  while true do end
end)

case("a fixture that does not exist is named", function()
  expect({}).conforms("sdrs/no_such_fixture")
end)

case("a passing case still passes", function()
  expect(1 + 1).equals(2)
end)
