-- Reported: a typed client decoding VBS job status (`entities` as map<string, string>, API.md) broke on a body
-- whose `entities` held a non-string value (a number, an object).
-- Proves: (1) the fake can serve that body on the wire (a 200 fault with a body of its own) and the client sees
-- the number; (2) the contract catches it: vbs/job_status rejects a number and an object in `entities`, naming
-- the pointer; (3) what the fake serves for a VBS job on its own keeps every entity a string and conforms;
-- (4) the world serves the non-string value when the scenario gives one (issue 9: permissive world, strict
-- checks), keeping the job's timeline, and the contract check names its pointer.

local function vbs_body(entities)
  local body = fixture("vbs/job_status.example")
  body.entities = entities
  return body
end

case("the incident on the wire: a 200 VBS job whose entities hold a number", function()
  local job = fake.job { service = "vbs", job_type = "bksCreateBackup", timeline = { "SUCCESS" } }
  fake.fault { path = job.path, status = 200, body = vbs_body { backup_id = "b1", size = 10 } }
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(math.type(res.json.entities.size)).equals("integer")
  local ok, err = pcall(function() expect(res).conforms("vbs/job_status") end)
  expect(ok).equals(false)
  expect(err.message:find("/entities/size: 10 is a number, expected string", 1, true) ~= nil).equals(true)
end)

case("the contract rejects a VBS body whose entities hold a number", function()
  local ok, err = pcall(function()
    expect(vbs_body { backup_id = "b1", size = 10 }).conforms("vbs/job_status")
  end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
  expect(err.message:find("/entities/size", 1, true) ~= nil).equals(true)
end)

case("the contract rejects a VBS body whose entities hold an object", function()
  local ok, err = pcall(function()
    expect(vbs_body { backup_id = "b1", volume = { id = "v1" } }).conforms("vbs/job_status")
  end)
  expect(ok).equals(false)
  expect(err.message:find("/entities/volume", 1, true) ~= nil).equals(true)
end)

case("the fake serves VBS entities as strings only, and the body conforms", function()
  local job = fake.job {
    service = "vbs", job_type = "bksCreateBackup", timeline = { "SUCCESS" },
    entities = { backup_id = "b1", volume_id = "v1", snapshot_id = "s1" },
  }
  local res = http.get(job.path)
  expect(res.status).equals(200)
  expect(res).conforms("vbs/job_status")
  for _, value in pairs(res.json.entities) do expect(type(value)).equals("string") end
  expect(res.json.entities).equals { backup_id = "b1", volume_id = "v1", snapshot_id = "s1" }
end)

case("fake.job serves a non-string entity as given, on the job's timeline, and the check names it", function()
  local job = fake.job {
    service = "vbs", job_type = "bksCreateBackup", timeline = { "RUNNING", "SUCCESS" },
    entities = { backup_id = "b1", size = 10 },
  }
  expect(http.get(job.path).json.status).equals("RUNNING")
  local res = http.get(job.path)
  expect(res.json.status).equals("SUCCESS")
  expect(res.json.entities).equals { backup_id = "b1", size = 10 }
  local ok, err = pcall(function() expect(res).conforms("vbs/job_status") end)
  expect(ok).equals(false)
  expect(err.message:find("/entities/size: 10 is a number, expected string", 1, true) ~= nil).equals(true)
end)
