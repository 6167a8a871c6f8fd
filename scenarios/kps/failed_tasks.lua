-- KPS: GET /v3/{project_id}/failed-tasks (Query task failure details).
-- Tasks are put in the world with fake.kps_task; responses are checked against fixtures/kps/failed_tasks.schema.json
-- and errors against the flat kps/error body. X-Auth-Token (or an AK/SK signature) is mandatory.

local paging = require("paging")

local path = "/v3/" .. project_id .. "/failed-tasks"
local kps = require("kps")  -- scenarios/lib/kps.lua
local token, signed = kps.token, kps.signed

local function get(query, opts)
  return http.get(path .. (query and ("?" .. query) or ""), opts or token)
end

local function list(query)
  local res = get(query)
  expect(res.status).equals(200)
  expect(res).conforms("kps/failed_tasks")
  return res.json
end

local task_ids = kps.task_ids

-- n failed tasks, in the order they are listed.
local function failed(n)
  local ids = {}
  for i = 1, n do ids[i] = fake.kps_task { server_name = "ecs-" .. i }.task_id end
  return ids
end

local function expect_parameter_error(query)
  kps.expect_error(get(query), 400, "KPS.0002")
end

local function expect_unauthenticated(res)
  expect(res.status).equals(401)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("KPS.9001")
  expect(res.json.error).equals(nil)
end

-- Happy path ---------------------------------------------------------------------------------------------------

case("the page's example (operate_type corrected to FAILED_RESET) is served back as published", function()
  local example = fixture("kps/failed_tasks.example")
  local t = example.tasks[1]
  fake.kps_task {
    task_id = t.task_id, operate_type = t.operate_type, task_time = t.task_time, task_error_msg = t.task_error_msg,
    server_name = t.server_name, server_id = t.server_id, keypair_name = t.keypair_name,
  }
  expect(list()).equals(example)
end)

case("a task's error code and message are served as given", function()
  fake.kps_task { operate_type = "FAILED_UNBIND", task_error_code = "KPS.0004", task_error_msg = "response error" }
  local task = list().tasks[1]
  expect(task.operate_type).equals("FAILED_UNBIND")
  expect(task.task_error_code).equals("KPS.0004")
  expect(task.task_error_msg).equals("response error")
end)

case("task_error_code is null when the task has none", function()
  fake.kps_task {}
  expect(list().tasks[1].task_error_code).equals(null)
end)

case("task_time is epoch milliseconds as a string of digits", function()
  fake.kps_task { task_time = "1523342130000" }
  fake.kps_task {}
  local body = list()
  expect(body.tasks[1].task_time).equals("1523342130000")
  expect(type(body.tasks[2].task_time)).equals("string")
  expect(body.tasks[2].task_time:match("^%d+$") ~= nil).equals(true)
end)

case("no failed task answers total 0 and an empty tasks array", function()
  local res = get()
  expect(res.status).equals(200)
  expect(res).conforms("kps/failed_tasks")
  expect(res.json.total).equals(0)
  expect(res.body:find('"tasks":%[%]') ~= nil).equals(true)
end)

-- What is listed ------------------------------------------------------------------------------------------------

case("only FAILED_* tasks are listed: running tasks are not", function()
  local a = fake.kps_task { operate_type = "FAILED_RESET" }
  fake.kps_task { operate_type = "RUNNING_RESET" }
  fake.kps_task { operate_type = "RUNNING_UNBIND" }
  local body = list()
  expect(body.total).equals(1)
  expect(task_ids(body)).equals { a.task_id }
end)

case("each of FAILED_RESET, FAILED_REPLACE and FAILED_UNBIND is listed", function()
  for _, op in ipairs { "FAILED_RESET", "FAILED_REPLACE", "FAILED_UNBIND" } do fake.kps_task { operate_type = op } end
  local body = list()
  expect(body.total).equals(3)
  local ops = {}
  for i, task in ipairs(body.tasks) do ops[i] = task.operate_type end
  expect(ops).equals { "FAILED_RESET", "FAILED_REPLACE", "FAILED_UNBIND" }
end)

case("a failed task of another project is not listed", function()
  fake.kps_task { project_id = "ffffffffffffffffffffffffffffffff" }
  local mine = fake.kps_task {}
  local body = list()
  expect(body.total).equals(1)
  expect(task_ids(body)).equals { mine.task_id }
end)

-- Authentication ------------------------------------------------------------------------------------------------

case("a request with neither X-Auth-Token nor a signature answers 401 KPS.9001 in the flat body", function()
  failed(1)
  expect_unauthenticated(http.get(path))
end)

case("an empty X-Auth-Token counts as none", function()
  expect_unauthenticated(get(nil, { headers = { ["X-Auth-Token"] = "" } }))
end)

case("an Authorization header of another scheme is not a signature", function()
  expect_unauthenticated(get(nil, { headers = { ["Authorization"] = "Basic dXNlcjpwYXNz" } }))
end)

case("X-Auth-Token is accepted", function()
  local ids = failed(1)
  local res = get(nil, token)
  expect(res.status).equals(200)
  expect(task_ids(res.json)).equals(ids)
end)

case("an AK/SK signature (Authorization: SDK-HMAC-SHA256 ...) is accepted without a token", function()
  local ids = failed(1)
  local res = get(nil, signed)
  expect(res.status).equals(200)
  expect(res).conforms("kps/failed_tasks")
  expect(task_ids(res.json)).equals(ids)
end)

-- Paging: the cases every limit/offset list passes (scenarios/lib/paging.lua) --------------------------------

paging.cases {
  path = path, opts = token, schema = "kps/failed_tasks", items = "tasks", total = "total", id = "task_id",
  noun = "failed task", add = failed, max_limit = 1000,
  errors = { limit = "KPS.0002", offset = "KPS.0002" },
  bad_request = function(query) expect_parameter_error(query) end,
}

case("a method other than GET or DELETE answers 405 with Allow: GET, DELETE in the flat body", function()
  local res = http.request("POST", path, { headers = token.headers, body = {} })
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET, DELETE")
  expect(res).conforms("kps/error")
end)
