-- Fault schedules and matching: which requests a fault answers. Schedules count the requests the fault matches:
-- times (the next N), nth (only the Nth), every (every K-th), after (once N went by), probability (seeded, so the
-- same --seed gives the same run). Matching: method, path pattern (`*` within one segment, `**` across
-- segments), query parameter, header. Faults are tried in the order set and the first that matches and fires
-- answers. A fault set at the top level applies in every case (its counts start again in each), one set in a
-- case ends with it.

local top_header = { ["X-Top-Level-Fault"] = "on" }
local top_fault = fake.fault { match = { headers = top_header }, status = 503, times = 1 }

local function job(timeline)
  return fake.job { job_type = "createProtectionGroupNoCG", timeline = timeline or { "RUNNING", "SUCCESS" } }
end

-- The statuses of n GETs of path.
local function statuses(path, n, opts)
  local got = {}
  for i = 1, n do got[i] = http.get(path, opts).status end
  return got
end

case("times = 2: 503 twice, then the job", function()
  local j = job()
  local n = fake.fault { path = j.path, status = 503, times = 2 }
  local first, second, third = http.get(j.path), http.get(j.path), http.get(j.path)
  expect({ first.status, second.status, third.status }).equals { 503, 503, 200 }
  expect(first.json.error.code).equals("HARNESS.0503")
  expect(third.json.status).equals("RUNNING")   -- the 503s did not advance the job
  local seen = fake.requests { path = j.path }
  expect(#seen).equals(3)
  expect({ seen[1].fault, seen[2].fault, seen[3].fault }).equals { n, n, nil }
end)

case("nth = 3: only the third matching request", function()
  local j = job()
  fake.fault { path = j.path, status = 500, nth = 3 }
  expect(statuses(j.path, 5)).equals { 200, 200, 500, 200, 200 }
end)

case("every = 2: every second matching request", function()
  local j = job()
  fake.fault { path = j.path, status = 502, every = 2 }
  expect(statuses(j.path, 6)).equals { 200, 502, 200, 502, 200, 502 }
end)

case("after = 2: once two matching requests went by, every one after", function()
  local j = job()
  fake.fault { path = j.path, status = 404, after = 2 }
  expect(statuses(j.path, 5)).equals { 200, 200, 404, 404, 404 }
end)

case("after and times combine: two requests pass, the next two fail, then all pass", function()
  local j = job()
  fake.fault { path = j.path, status = 503, after = 2, times = 2 }
  expect(statuses(j.path, 6)).equals { 200, 200, 503, 503, 200, 200 }
end)

case("every and times combine: every second request, twice", function()
  local j = job()
  fake.fault { path = j.path, status = 503, every = 2, times = 2 }
  expect(statuses(j.path, 7)).equals { 200, 503, 200, 503, 200, 200, 200 }
end)

case("probability 0 never fires and probability 1 always fires", function()
  local a, b = job(), job()
  fake.fault { path = a.path, status = 503, probability = 0 }
  fake.fault { path = b.path, status = 503, probability = 1 }
  expect(statuses(a.path, 10)).equals { 200, 200, 200, 200, 200, 200, 200, 200, 200, 200 }
  expect(statuses(b.path, 10)).equals { 503, 503, 503, 503, 503, 503, 503, 503, 503, 503 }
end)

-- probability = 0.5 over 50 requests: the pattern of one case, kept to compare with the next.
local function half_of_fifty()
  local j = job()
  local n = fake.fault { path = j.path, status = 503, probability = 0.5 }
  local pattern, failed = {}, 0
  for i = 1, 50 do
    pattern[i] = http.get(j.path).status
    if pattern[i] == 503 then failed = failed + 1 end
  end
  local answered_by_fault = 0
  for _, entry in ipairs(fake.requests { path = j.path }) do
    if entry.fault == n then
      answered_by_fault = answered_by_fault + 1
      expect(entry.status).equals(503)
    else
      expect(entry.fault).equals(nil)
      expect(entry.status).equals(200)
    end
  end
  return pattern, failed, answered_by_fault
end

local first_pattern

case("probability = 0.5 fires on roughly half of 50 requests and the journal agrees", function()
  local pattern, failed, by_fault = half_of_fifty()
  expect(failed >= 10 and failed <= 40).equals(true)   -- P(outside) < 1e-4 for any seed
  expect(by_fault).equals(failed)
  first_pattern = pattern
end)

case("probability is drawn from the seeded generator: the same seed, the same pattern in every case", function()
  expect(type(first_pattern)).equals("table")
  local pattern = half_of_fifty()
  expect(pattern).equals(first_pattern)
end)

case("method: a fault for DELETE leaves GET alone", function()
  local j = job()
  fake.fault { method = "delete", path = j.path, status = 409 }   -- upper-cased like http.request
  expect(http.get(j.path).status).equals(200)
  local res = http.request("DELETE", j.path)
  expect(res.status).equals(409)        -- the fault answers before the fake's own 405
  expect(res.headers["allow"]).equals(nil)
end)

case("path: * matches within one segment only", function()
  local j = job()
  local list = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = "/v1/*/jobs/*", status = 503 }
  fake.fault { path = "/v1/*", status = 500 }   -- one segment after /v1/: matches none of these paths
  expect(http.get(j.path).status).equals(503)
  expect(http.get(list).status).equals(200)
  expect(http.get("/v1/" .. project_id .. "/jobs/" .. j.job_id .. "/extra").status).equals(404)
end)

case("path: ** matches across segments", function()
  local j = job()
  local prefix = "/v1/" .. project_id .. "/task-center"
  fake.fault { path = "/v1/**/batch", status = 503 }
  expect(http.request("DELETE", prefix .. "/failure-jobs/batch").status).equals(503)
  expect(http.request("DELETE", prefix .. "/11111111-1111-4111-8111-111111111111/failure-jobs/batch").status)
    .equals(503)
  expect(http.request("DELETE", prefix .. "/failure-jobs/0000000062db92d70162db9d200f000a").status).equals(404)
  expect(http.get(j.path).status).equals(200)
end)

case("path: the pattern is matched against the path without its query", function()
  local list = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = list, status = 503 }
  expect(http.get(list .. "?limit=10&offset=0").status).equals(503)
end)

case("query: only requests carrying the parameter with that value", function()
  local list = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = list, query = { offset = "2" }, status = 500 }
  expect(http.get(list).status).equals(200)
  expect(http.get(list .. "?offset=0").status).equals(200)
  expect(http.get(list .. "?offset=2").status).equals(500)
  expect(http.get(list .. "?limit=2&offset=2").status).equals(500)
  expect(http.get(list .. "?offset=20").status).equals(200)
end)

case("query: values are compared decoded", function()
  local list = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault { path = list, query = { resource_name = "pg 1" }, status = 400 }
  expect(http.get(list .. "?resource_name=pg%201").status).equals(400)
  expect(http.get(list .. "?resource_name=pg+1").status).equals(400)
  expect(http.get(list .. "?resource_name=pg1").status).equals(200)
end)

case("headers: only requests carrying the header with that value, whatever the name's case", function()
  local j = job()
  fake.fault { path = j.path, match = { headers = { ["X-Auth-Token"] = "expired" } }, status = 401 }
  expect(http.get(j.path, { headers = { ["X-Auth-Token"] = "fresh" } }).status).equals(200)
  expect(http.get(j.path).status).equals(200)
  local res = http.get(j.path, { headers = { ["x-auth-token"] = "expired" } })
  expect(res.status).equals(401)
  expect(res.json.error.code).equals("HARNESS.0401")
end)

case("all match conditions must hold together", function()
  local list = "/v1/" .. project_id .. "/task-center/failure-jobs"
  fake.fault {
    method = "GET", path = list, query = { limit = "1" }, match = { headers = { ["X-Region"] = "r1" } }, status = 503,
  }
  expect(http.get(list .. "?limit=1").status).equals(200)
  expect(http.get(list, { headers = { ["X-Region"] = "r1" } }).status).equals(200)
  expect(http.get(list .. "?limit=1", { headers = { ["X-Region"] = "r2" } }).status).equals(200)
  expect(http.get(list .. "?limit=1", { headers = { ["X-Region"] = "r1" } }).status).equals(503)
end)

case("first match wins, in the order the faults were set", function()
  local j = job()
  local first = fake.fault { path = j.path, status = 503, times = 1 }
  local second = fake.fault { path = "/v1/**", status = 500 }
  expect(statuses(j.path, 3)).equals { 503, 500, 500 }
  local seen = fake.requests { path = j.path }
  expect({ seen[1].fault, seen[2].fault, seen[3].fault }).equals { first, second, second }
  expect(second).equals(first + 1)
end)

case("a fault whose schedule does not fire lets the next matching fault answer", function()
  local j = job()
  fake.fault { path = j.path, status = 503, nth = 2 }
  fake.fault { path = j.path, status = 500, times = 1 }
  -- 1: first fault counts 1 (no), second fires; 2: first fires (its 2nd match); 3: neither
  expect(statuses(j.path, 3)).equals { 500, 503, 200 }
end)

case("a fault after the one that answers does not count that request", function()
  local j = job()
  fake.fault { path = j.path, status = 503, nth = 2 }
  fake.fault { path = j.path, status = 500, nth = 2 }
  -- the second fault sees requests 1 and 3 only: request 2 was answered by the first
  expect(statuses(j.path, 4)).equals { 200, 503, 500, 200 }
end)

case("a fault set at the top level applies in this case", function()
  local j = job()
  local res = http.get(j.path, { headers = top_header })
  expect(res.status).equals(503)
  expect(fake.requests { path = j.path }[1].fault).equals(top_fault)
  expect(http.get(j.path, { headers = top_header }).status).equals(200)   -- times = 1: used up
end)

case("a fault set at the top level applies again in the next case, its count started again", function()
  local j = job()
  expect(statuses(j.path, 2, { headers = top_header })).equals { 503, 200 }
end)

case("a fault set in a case answers in that case", function()
  local j = job()   -- the same job id in every case: ids restart with the world
  fake.fault { path = j.path, status = 500 }
  expect(http.get(j.path).status).equals(500)
end)

case("a fault set in a case does not leak into the next", function()
  local j = job()
  expect(statuses(j.path, 2)).equals { 200, 200 }
  local next_number = fake.fault { path = "/nowhere", status = 500 }
  expect(next_number).equals(top_fault + 1)   -- only the top-level fault is there before it
end)
