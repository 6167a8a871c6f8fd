-- KPS: GET /v3/{project_id}/running-tasks (limit, offset) -> {total, tasks}.
-- Tasks are put in the world with fake.kps_task; responses are checked against fixtures/kps/running_tasks.schema.json
-- (operate_type RUNNING_*) and errors against the flat kps/error body. X-Auth-Token or an AK/SK signature is mandatory.

local paging = require("paging")

local path = "/v3/" .. project_id .. "/running-tasks"
local kps = require("kps")  -- scenarios/lib/kps.lua
local token, signed = kps.token, kps.signed

local function get(query, opts)
  return http.get(path .. (query and ("?" .. query) or ""), opts or token)
end

local function list(query)
  local res = get(query)
  expect(res.status).equals(200)
  expect(res).conforms("kps/running_tasks")
  return res.json
end

local task_ids = kps.task_ids

-- n running tasks, in the order they are listed.
local function running(n)
  local ids = {}
  for i = 1, n do ids[i] = fake.kps_task { operate_type = "RUNNING_RESET", server_name = "ecs-" .. i }.task_id end
  return ids
end

local function expect_parameter_error(query)
  kps.expect_error(get(query), 400, "KPS.0002")
end

-- Happy path ---------------------------------------------------------------------------------------------------

case("the running-tasks example is served back as published", function()
  local example = fixture("kps/running_tasks.example")
  local t = example.tasks[1]
  fake.kps_task {
    task_id = t.task_id, operate_type = t.operate_type, task_time = t.task_time,
    server_name = t.server_name, server_id = t.server_id, keypair_name = t.keypair_name,
  }
  expect(list()).equals(example)
end)

case("a running task has null task_error_code and task_error_msg", function()
  running(1)
  local task = list().tasks[1]
  expect(task.task_error_code).equals(null)
  expect(task.task_error_msg).equals(null)
end)

case("task_time is epoch milliseconds as a string of digits", function()
  fake.kps_task { operate_type = "RUNNING_REPLACE", task_time = "1523342130000" }
  running(1)
  local body = list()
  expect(body.tasks[1].task_time).equals("1523342130000")
  expect(body.tasks[2].task_time:match("^%d+$") ~= nil).equals(true)
end)

case("no running task answers total 0 and an empty tasks array", function()
  fake.kps_task { operate_type = "FAILED_RESET" }
  local res = get()
  expect(res.status).equals(200)
  expect(res).conforms("kps/running_tasks")
  expect(res.json.total).equals(0)
  expect(res.body:find('"tasks":%[%]') ~= nil).equals(true)
end)

-- What is listed ------------------------------------------------------------------------------------------------

case("only RUNNING_* tasks are listed: failed tasks are not", function()
  fake.kps_task { operate_type = "FAILED_RESET" }
  local r = fake.kps_task { operate_type = "RUNNING_UNBIND" }
  fake.kps_task { operate_type = "FAILED_REPLACE" }
  local body = list()
  expect(body.total).equals(1)
  expect(task_ids(body)).equals { r.task_id }
end)

case("each of RUNNING_RESET, RUNNING_REPLACE and RUNNING_UNBIND is listed", function()
  for _, op in ipairs { "RUNNING_RESET", "RUNNING_REPLACE", "RUNNING_UNBIND" } do
    fake.kps_task { operate_type = op }
  end
  local body = list()
  expect(body.total).equals(3)
  local ops = {}
  for i, task in ipairs(body.tasks) do ops[i] = task.operate_type end
  expect(ops).equals { "RUNNING_RESET", "RUNNING_REPLACE", "RUNNING_UNBIND" }
end)

case("a running list does not conform to the failed-tasks schema", function()
  running(1)
  local res = get()
  expect(res).conforms("kps/running_tasks")
  local ok = pcall(function() expect(res).conforms("kps/failed_tasks") end)
  expect(ok).equals(false)
end)

case("a running task of another project is not listed", function()
  fake.kps_task { project_id = "ffffffffffffffffffffffffffffffff", operate_type = "RUNNING_RESET" }
  local mine = running(1)
  local body = list()
  expect(body.total).equals(1)
  expect(task_ids(body)).equals(mine)
end)

-- Authentication ------------------------------------------------------------------------------------------------

case("a request with neither X-Auth-Token nor a signature answers 401 KPS.9001 in the flat body", function()
  running(1)
  local res = http.get(path)
  expect(res.status).equals(401)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("KPS.9001")
end)

case("X-Auth-Token is accepted", function()
  local ids = running(1)
  local res = get(nil, token)
  expect(res.status).equals(200)
  expect(task_ids(res.json)).equals(ids)
end)

case("an AK/SK signature is accepted without a token", function()
  local ids = running(1)
  local res = get(nil, signed)
  expect(res.status).equals(200)
  expect(res).conforms("kps/running_tasks")
  expect(task_ids(res.json)).equals(ids)
end)

-- Paging: the cases every limit/offset list passes (scenarios/lib/paging.lua) --------------------------------

paging.cases {
  path = path, opts = token, schema = "kps/running_tasks", items = "tasks", total = "total", id = "task_id",
  noun = "running task", add = running, max_limit = 1000,
  errors = { limit = "KPS.0002", offset = "KPS.0002" },
  bad_request = function(query) expect_parameter_error(query) end,
}

case("a method other than GET answers 405 with Allow: GET, and nothing is deleted", function()
  local ids = running(1)
  local res = http.request("DELETE", path, token)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET")
  expect(res).conforms("kps/error")
  expect(task_ids(list())).equals(ids)
end)
