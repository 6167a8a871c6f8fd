-- The journal, fake.requests(): every request the fake received in the case, oldest first, as the fake saw it:
-- method, path, query, headers (lower-case names), body, time (on fake.clock), the status it answered (0 when it
-- sent none: reset, close) and the number of the fault that answered it. Requests a fault answered are in it;
-- it can be filtered by method and by path pattern; it starts empty in every case.

local list = "/v1/" .. project_id .. "/task-center/failure-jobs"

local function job()
  return fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
end

case("a case starts with an empty journal", function()
  local all = fake.requests()
  expect(#all).equals(0)
  expect(all.dropped).equals(0)
end)

case("an entry records method, path and query apart, and the body as sent", function()
  http.request("delete", list .. "/batch?reason=cleanup&dry_run=true", { body = { ids = { "a", "b" } } })
  local seen = fake.requests()
  expect(#seen).equals(1)
  local e = seen[1]
  expect(e.method).equals("DELETE")
  expect(e.path).equals(list .. "/batch")
  expect(e.query).equals("reason=cleanup&dry_run=true")
  expect(e.body).equals('{"ids":["a","b"]}')
  expect(e.status).equals(204)
  expect(e.fault).equals(nil)
end)

case("a request without query or body has an empty query and an empty body", function()
  http.get(list)
  local e = fake.requests()[1]
  expect(e.query).equals("")
  expect(e.body).equals("")
  expect(e.status).equals(200)
end)

case("headers are recorded under lower-case names, with their values as sent", function()
  local j = job()
  http.get(j.path, { headers = { ["X-Auth-Token"] = "Token-ABC", ["X-Sdk-Date"] = "20260101T000000Z" } })
  local h = fake.requests()[1].headers
  expect(h["x-auth-token"]).equals("Token-ABC")
  expect(h["x-sdk-date"]).equals("20260101T000000Z")
  expect(h["X-Auth-Token"]).equals(nil)
  expect(h["user-agent"]:sub(1, 8)).equals("harness/")
  expect(type(h["host"])).equals("string")
end)

case("a JSON body's content type is in the headers, a string body is kept byte for byte", function()
  http.request("DELETE", list .. "/batch", { body = { all = true } })
  http.request("DELETE", list .. "/batch", { body = "raw\tbytes\n" })
  local seen = fake.requests()
  expect(seen[1].headers["content-type"]).equals("application/json")
  expect(seen[1].headers["content-length"]).equals("12")
  expect(seen[2].body).equals("raw\tbytes\n")
end)

case("time follows fake.clock, not the wall clock", function()
  local j = job()
  http.get(j.path)
  fake.clock.advance(12.5)
  http.get(j.path)
  fake.clock.advance(300)
  http.get(j.path)
  local seen = fake.requests()
  expect({ seen[1].time, seen[2].time, seen[3].time }).equals { 0, 12.5, 312.5 }
end)

case("status is what the fake answered: 200, 404, 405", function()
  local j = job()
  http.get(j.path)
  http.get("/v1/" .. project_id .. "/jobs/0000000000000000000000000000dead")
  http.request("PUT", j.path, { body = "{}" })
  local seen = fake.requests()
  expect({ seen[1].status, seen[2].status, seen[3].status }).equals { 200, 404, 405 }
end)

case("requests answered by faults are in the journal, with the fault's number", function()
  local j = job()
  local unavailable = fake.fault { path = j.path, status = 503, times = 1 }
  local reset = fake.fault { path = j.path, reset = true, times = 1 }
  local closed = fake.fault { path = j.path, close = true, times = 1 }
  expect(http.get(j.path).status).equals(503)
  expect(pcall(function() return http.get(j.path) end)).equals(false)
  expect(pcall(function() return http.get(j.path) end)).equals(false)
  expect(http.get(j.path).status).equals(200)
  local seen = fake.requests()
  expect(#seen).equals(4)
  expect({ seen[1].status, seen[2].status, seen[3].status, seen[4].status }).equals { 503, 0, 0, 200 }
  expect({ seen[1].fault, seen[2].fault, seen[3].fault }).equals { unavailable, reset, closed }
  expect(seen[4].fault).equals(nil)
  expect({ unavailable, reset, closed }).equals { 1, 2, 3 }
end)

case("filtered by method", function()
  local j = job()
  http.get(j.path)
  http.request("DELETE", j.path)
  http.get(list)
  http.request("DELETE", list .. "/batch")
  local gets = fake.requests { method = "GET" }
  expect(#gets).equals(2)
  expect({ gets[1].path, gets[2].path }).equals { j.path, list }
  expect(#fake.requests { method = "delete" }).equals(2)   -- the method is upper-cased
  expect(#fake.requests { method = "PATCH" }).equals(0)
end)

case("filtered by path pattern: exact, * within a segment, ** across segments", function()
  local a, b = job(), job()
  http.get(a.path)
  http.get(b.path .. "?x=1")   -- the query is not part of the path
  http.get(a.path)
  http.get(list)
  http.request("DELETE", list .. "/batch")
  expect(#fake.requests { path = a.path }).equals(2)
  expect(#fake.requests { path = b.path }).equals(1)
  expect(#fake.requests { path = "/v1/*/jobs/*" }).equals(3)
  expect(#fake.requests { path = "/v1/*" }).equals(0)
  expect(#fake.requests { path = "/v1/**" }).equals(5)
  expect(#fake.requests { path = "/v1/**/batch" }).equals(1)
end)

case("filtered by method and path together", function()
  local j = job()
  http.get(j.path)
  http.request("DELETE", j.path)
  http.get(list)
  local seen = fake.requests { method = "DELETE", path = "/v1/*/jobs/*" }
  expect(#seen).equals(1)
  expect(seen[1].status).equals(405)
end)

case("entries are oldest first", function()
  local j = job()
  for i = 1, 5 do http.get(j.path .. "?i=" .. i) end
  local seen = fake.requests()
  for i = 1, 5 do expect(seen[i].query).equals("i=" .. i) end
end)
