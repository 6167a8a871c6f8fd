-- Fault kinds as a real client sees them: each kind of fake.fault reaches http.* the way a broken network or
-- server reaches an SDK (a transport error of the right kind, or a response that cannot be decoded), and the
-- journal records what the fake did. Then which kinds let the API do its work: status, reset and close answer
-- instead of the API (a polled job does not advance), the others answer after it (the job advances).

local function job()
  return fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
end

-- The transport error a GET raises, or fails the case if the GET answered.
local function transport_error(path, opts)
  local ok, err = pcall(function() return http.get(path, opts) end)
  expect(ok).equals(false)
  expect(err.harness_error).equals("transport")
  return err
end

case("reset: the client sees a transport error of kind reset, the journal status 0", function()
  local j = job()
  local n = fake.fault { path = j.path, reset = true }
  local err = transport_error(j.path)
  expect(err.kind).equals("reset")
  local seen = fake.requests { path = j.path }
  expect(#seen).equals(1)
  expect(seen[1].status).equals(0)
  expect(seen[1].fault).equals(n)
end)

case("close: the client sees a transport error of kind closed, the journal status 0", function()
  local j = job()
  local n = fake.fault { path = j.path, close = true }
  local err = transport_error(j.path)
  expect(err.kind).equals("closed")
  local seen = fake.requests { path = j.path }
  expect(seen[1].status).equals(0)
  expect(seen[1].fault).equals(n)
end)

case("hang: headers then nothing, the client gives up with kind timeout", { tags = { "slow" } }, function()
  local j = job()
  local n = fake.fault { path = j.path, hang = true }
  local err = transport_error(j.path, { timeout = 0.3 })
  expect(err.kind).equals("timeout")
  local seen = fake.requests { path = j.path }
  expect(seen[1].status).equals(200)   -- the status line was sent
  expect(seen[1].fault).equals(n)
end)

case("truncate: fewer body bytes than Content-Length, the client sees kind truncated", function()
  local j = job()
  fake.fault { path = j.path, truncate = 10 }
  local err = transport_error(j.path)
  expect(err.kind).equals("truncated")
end)

case("malformed: a 200 whose body is not JSON, json is nil and json_error says why", function()
  local j = job()
  local n = fake.fault { path = j.path, malformed = true }
  local res = http.get(j.path)
  expect(res.status).equals(200)
  expect(res.json).equals(nil)
  expect(type(res.json_error)).equals("string")
  expect(#res.json_error > 0).equals(true)
  expect(res.body:sub(1, 11)).equals('{"status":"')   -- the start of the real answer, cut
  local ok, err = pcall(function() expect(res).conforms("sdrs/job_status") end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
  expect(fake.requests { path = j.path }[1].fault).equals(n)
end)

case("drip: the whole, correct body arrives, slowly", { tags = { "slow" } }, function()
  local j = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  fake.fault { path = j.path, drip = { bytes = 16, interval = 0.01 }, times = 1 }
  local dripped = http.get(j.path)
  local normal = http.get(j.path)
  expect(dripped.status).equals(200)
  expect(dripped).conforms("sdrs/job_status")
  expect(dripped.body).equals(normal.body)
  expect(dripped.json.status).equals("SUCCESS")
  -- 300-odd bytes of status line, headers and body in 16-byte pieces, 10 ms apart: well over 100 ms
  expect(dripped.elapsed_ms >= 100).equals(true)
  expect(normal.elapsed_ms < dripped.elapsed_ms).equals(true)
end)

case("a delay beyond the client's timeout is a timeout", { tags = { "slow" } }, function()
  local j = job()
  fake.fault { path = j.path, delay = 1.0 }
  local err = transport_error(j.path, { timeout = 0.3 })
  expect(err.kind).equals("timeout")
end)

case("a delay within the client's timeout is the normal answer, late", { tags = { "slow" } }, function()
  local j = job()
  fake.fault { path = j.path, delay = 0.25 }
  local res = http.get(j.path, { timeout = 2 })
  expect(res.status).equals(200)
  expect(res.json.status).equals("RUNNING")
  expect(res.elapsed_ms >= 250).equals(true)
end)

case("delay combines with a status: a late 503", { tags = { "slow" } }, function()
  local j = job()
  fake.fault { path = j.path, status = 503, delay = 0.2 }
  local res = http.get(j.path)
  expect(res.status).equals(503)
  expect(res.json.error.code).equals("HARNESS.0503")
  expect(res.elapsed_ms >= 200).equals(true)
end)

-- Which kinds let the API do its work: one faulty GET, then a normal one shows where the job stands.
local advances = {
  { "a status fault", { status = 503 }, false },
  { "a reset", { reset = true }, false },
  { "a close", { close = true }, false },
  { "a hang", { hang = true }, true },
  { "a truncate", { truncate = 10 }, true },
  { "a malformed body", { malformed = true }, true },
  { "a drip", { drip = { bytes = 64, interval = 0.001 } }, true },
  { "a delay", { delay = 0.05 }, true },
}
for _, row in ipairs(advances) do
  local name, action, moves = row[1], row[2], row[3]
  local title = moves and (name .. " answers after the API: the polled job advances")
    or (name .. " answers instead of the API: the polled job does not advance")
  case(title, function()
    local j = job()
    local spec = { path = j.path, times = 1 }
    for k, v in pairs(action) do spec[k] = v end
    fake.fault(spec)
    pcall(function() return http.get(j.path, { timeout = 0.3 }) end)
    local next_poll = http.get(j.path)
    expect(next_poll.status).equals(200)
    expect(next_poll.json.status).equals(moves and "SUCCESS" or "RUNNING")
    expect(#fake.requests { path = j.path }).equals(2)
  end)
end
