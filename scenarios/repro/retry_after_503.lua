-- Reported: SDRS job status answered 503 twice during a deployment. Waiters that abort on any 5xx (most do,
-- API.md) failed a job that went on to succeed; a retrying waiter rode it out.
-- Proves: with `times = 2`, a waiter that retries 5xx with back-off (2 s, then 4 s of virtual time) sees 503,
-- 503, then the job, and reaches SUCCESS; the 503s did not advance the job (it is still at its first state
-- after them); the journal shows the retries at 0, 2 and 6 s. An aborting waiter stops at the first 503.

local function job()
  return fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
end

local function retrying_wait(path)
  local backoff, states, errors = 2, {}, 0
  for _ = 1, 20 do
    local res = http.get(path)
    if res.status >= 500 then
      expect(res).conforms("sdrs/error")
      expect(res.json.error.code).equals("HARNESS.0503")
      errors = errors + 1
      if errors > 3 then return "gave up", states end
      fake.clock.advance(backoff)
      backoff = backoff * 2
    else
      expect(res.status).equals(200)
      states[#states + 1] = res.json.status
      if res.json.status == "SUCCESS" or res.json.status == "FAIL" then return res.json.status, states end
      fake.clock.advance(5)
    end
  end
  return "gave up", states
end

case("503 twice, then the job: a retrying waiter reaches SUCCESS", function()
  local j = job()
  local n = fake.fault { path = j.path, status = 503, times = 2 }
  local outcome, states = retrying_wait(j.path)
  expect(outcome).equals("SUCCESS")
  expect(states).equals { "RUNNING", "SUCCESS" }   -- the 503s did not use up the RUNNING poll
  local journal = fake.requests { path = j.path }
  expect(#journal).equals(4)
  local times, statuses = {}, {}
  for i, e in ipairs(journal) do times[i], statuses[i] = e.time, e.status end
  expect(statuses).equals { 503, 503, 200, 200 }
  expect(times).equals { 0, 2, 6, 11 }
  expect({ journal[1].fault, journal[2].fault }).equals { n, n }
end)

case("503 four times: the retrying waiter gives up after three retries", function()
  local j = job()
  fake.fault { path = j.path, status = 503, times = 4 }
  local outcome, states = retrying_wait(j.path)
  expect(outcome).equals("gave up")
  expect(#states).equals(0)
  expect(#fake.requests { path = j.path }).equals(4)
end)

case("503 twice: a waiter that aborts on any 5xx fails at the first request", function()
  local j = job()
  fake.fault { path = j.path, status = 503, times = 2 }
  local res = http.get(j.path)
  expect(res.status).equals(503)
  expect(#fake.requests { path = j.path }).equals(1)
end)
