-- Reported: SDRS job status became slow (answers after ~1 s) while a client read with a short timeout; the client
-- reported a transport timeout, and after retrying it had skipped a state of the job, because the slow request had
-- still been served: the server did the work, the client never saw the answer.
-- Proves: a `delay = 1.0` fault answers after the API did its work; a client with a 0.3 s timeout gets a transport
-- error of kind timeout; its retry (no longer slowed) finds the job one state further on; a client whose timeout
-- is longer than the delay gets the answer late (elapsed_ms >= 1000). The journal records the slow request.

local function job()
  return fake.job { job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "SUCCESS" } }
end

case("a slow endpoint beyond the client's timeout: kind timeout, and the retry has skipped a state", function()
  local j = job()
  local slow = fake.fault { path = j.path, delay = 1.0, times = 1 }
  local ok, err = pcall(function() return http.get(j.path, { timeout = 0.3 }) end)
  expect(ok).equals(false)
  expect(err.kind).equals("timeout")
  local retry = http.get(j.path, { timeout = 0.3 })
  expect(retry.status).equals(200)
  expect(retry.json.status).equals("RUNNING")   -- INIT was served to nobody
  local journal = fake.requests { path = j.path }
  expect(#journal).equals(2)
  expect(journal[1].fault).equals(slow)
  expect(journal[1].status).equals(200)
end)

case("the same slow endpoint within a longer timeout: the answer, late", function()
  local j = job()
  fake.fault { path = j.path, delay = 1.0, times = 1 }
  local res = http.get(j.path, { timeout = 3 })
  expect(res.status).equals(200)
  expect(res.json.status).equals("INIT")
  expect(res.elapsed_ms >= 1000).equals(true)
end)
