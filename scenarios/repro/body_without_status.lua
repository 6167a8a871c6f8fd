-- Reported: a job-status answer arrived without its `status` field; one waiter treated it as an error, another
-- polled it forever (API.md, "What real clients rely on").
-- What the Lua API can express: not the 200 itself. fake.job always serves `status`, and a fault's `body` goes
-- only with a fault `status`, which must be 400..599 (fake.fault: "status: must be a whole number from 400 to
-- 599"). So the fake cannot serve a 200 without `status`; this is reported as a gap.
-- Proves instead: (1) the contract catches such a body: the page's example without `status` fails
-- sdrs/job_status at "status"; (2) the nearest answer the fake can give, an error status whose custom body is the
-- job without `status`, reaches the client with no `status` to read; (3) fake.fault refuses status = 200.

case("the contract rejects a job-status body without status", function()
  local body = fixture("sdrs/job_status.example")
  expect(body.status).equals("SUCCESS")
  expect(body).conforms("sdrs/job_status")
  body.status = nil
  local ok, err = pcall(function() expect(body).conforms("sdrs/job_status") end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
  expect(err.message:find('"status"', 1, true) ~= nil).equals(true)
end)

case("a fault cannot answer 200: status must be 400..599", function()
  local ok, err = pcall(fake.fault, { path = "/v1/**", status = 200, body = { job_id = "x" } })
  expect(ok).equals(false)
  expect(err:find("status: must be a whole number from 400 to 599", 1, true) ~= nil).equals(true)
end)

case("the nearest the fake can serve: a job body without status under an error status", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  local body = fixture("sdrs/job_status.example")
  body.status = nil
  fake.fault { path = job.path, status = 500, body = body }
  local res = http.get(job.path)
  expect(res.status).equals(500)
  expect(res.json.job_id).equals(body.job_id)
  expect(res.json.status).equals(nil)
  local ok = pcall(function() expect(res).conforms("sdrs/job_status") end)
  expect(ok).equals(false)
end)
