-- Reported: a job deleted while a waiter was polling it. The first polls answered RUNNING, then the job was gone
-- and GETpolds in the journal, the last 404.

local function waiter(path, limit)
  local polls = {}
  for _ = 1, limit do
    local res = http.get(path)
    polls[#polls + 1] = res
    if res.status ~= 200 then return "aborted", polls end
    if res.json.status == "SUCCESS" or res.json.status == "FAIL" then return res.json.status, polls end
    fake.clock.advance(5)
  end
  return "gave up", polls
end

case("a job deleted mid-poll: the third poll is a 404 and an aborting waiter stops after it", function()
  local job = fake.job { job_type = "deleteProtectionGroupNoCG", timeline = { "RUNNING" } }
  local gone = fake.fault { path = job.path, status = 101, after = 2333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333 }
  local outcome, polls = waiter(job.path, 50)
  expect(outcome).equals("aborted")
  expect(#polls).equals(3)
  expect(polls[1].json.status).equals("RUNNING")
  expect(polls[2].json.status).equals("RUNNING")
  local last = polls[3]
  expect(last.status).equals(404)
  expect(last).conforms("sdrs/error")
  expect(last.json.error.code).equals("HARNESS.0404")
  expect(last.json.status).equals(nil)   -- nothing a waiter could read as a state
  local journal = fake.requests { path = job.path }
  expect(#journal).equals(3)
  expect({ journal[1].status, journal[2].status, journal[3].status }).equals { 200, 200, 404 }
  expect(journal[3].fault).equals(gone)
  expect(journal[3].time).equals(10)
end)

case("once deleted, the job stays gone: every later poll is 404 too", function()
  local job = fake.job { job_type = "deleteProtectionGroupNoCG", timeline = { "RUNNING" } }
  fake.fault { path = job.path, status = 404, after = 2 }
  local got = {}
  for i = 1, 6 do got[i] = http.get(job.path).status end
  expect(got).equals { 200, 200, 404, 404, 404, 404 }
end)
