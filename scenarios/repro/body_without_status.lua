-- Reported: a job-status answer arrived as a 200 without its `status` field; one waiter treated it as an error,
-- another polled it forever (API.md, "What real clients rely on").
-- Proves: the fake can serve exactly that (a 200 whose body is the job without `status`), the contract check
-- catches it at the root with the missing property named, and a waiter that requires `status` stops at once
-- instead of polling on.

local function without_status()
  local body = fixture("sdrs/job_status.example")
  body.status = nil
  return body
end

case("the contract rejects a job-status body without status", function()
  local ok, err = pcall(function() expect(without_status()).conforms("sdrs/job_status") end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
  expect(err.message:find('missing required property "status"', 1, true) ~= nil).equals(true)
end)

case("the fake answers 200 with the job but no status", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 200, body = without_status() }
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res.json.job_id).equals("0000000062db92d70162db9d200f000a")
  expect(res.json.status).equals(nil)
  local ok = pcall(function() expect(res).conforms("sdrs/job_status") end)
  expect(ok).equals(false)
end)

case("a waiter that requires status stops on the first such answer", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
  fake.fault { path = job.path, status = 200, body = without_status(), after = 1 }
  local outcome
  for _ = 1, 10 do
    local body = http.get(job.path).json
    if body.status == nil then outcome = "error: no status" break end
    if body.status == "SUCCESS" or body.status == "FAIL" then outcome = body.status break end
    fake.clock.advance(5)
  end
  expect(outcome).equals("error: no status")
  expect(#fake.requests { path = job.path }).equals(2)
end)

case("without a body of its own a fault still needs an error status", function()
  local ok, err = pcall(fake.fault, { path = "/v1/**", status = 200 })
  expect(ok).equals(false)
  expect(err:find("from 400 to 599 (or give a body)", 1, true) ~= nil).equals(true)
end)
