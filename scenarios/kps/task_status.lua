-- KPS: GET /v3/{project_id}/tasks/{task_id} -> {server_id, task_id, task_status}.
-- task_status is the task's operate_type (READY_/RUNNING_/FAILED_/SUCCESS_ x RESET/REPLACE/UNBIND); responses
-- are checked against fixtures/kps/task_status.schema.json, errors against the flat kps/error body.

local kps = require("kps")  -- scenarios/lib/kps.lua
local token, signed = kps.token, kps.signed

local function path_of(task_id, project)
  return "/v3/" .. (project or project_id) .. "/tasks/" .. task_id
end

local function status_of(task_id, opts)
  local res = http.get(path_of(task_id), opts or token)
  expect(res.status).equals(200)
  expect(res).conforms("kps/task_status")
  return res.json
end

local function expect_illegal_id(res)
  kps.expect_error(res, 400, "KPS.0001")
end

case("a task is reported with the ids of the example and its operate_type as task_status", function()
  local example = fixture("kps/task_status.example")
  fake.kps_task { task_id = example.task_id, server_id = example.server_id, operate_type = "FAILED_RESET" }
  expect(status_of(example.task_id)).equals {
    server_id = example.server_id, task_id = example.task_id, task_status = "FAILED_RESET",
  }
end)

case("a failed task reports its FAILED_* operate_type as task_status", function()
  local task = fake.kps_task { operate_type = "FAILED_REPLACE" }
  expect(status_of(task.task_id).task_status).equals("FAILED_REPLACE")
end)

case("a running task reports its RUNNING_* operate_type as task_status", function()
  local task = fake.kps_task { operate_type = "RUNNING_UNBIND" }
  expect(status_of(task.task_id).task_status).equals("RUNNING_UNBIND")
end)

case("every operate_type the fake holds is a task_status the schema accepts", function()
  for _, op in ipairs { "FAILED_RESET", "FAILED_REPLACE", "FAILED_UNBIND",
                        "RUNNING_RESET", "RUNNING_REPLACE", "RUNNING_UNBIND" } do
    local task = fake.kps_task { operate_type = op }
    expect(status_of(task.task_id).task_status).equals(op)
  end
end)

case("server_id is the task's server", function()
  local task = fake.kps_task { server_id = "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006",
                               task_id = "aee8d2fe-5484-4753-9177-5a38dc15546c" }
  local body = status_of(task.task_id)
  expect(body.server_id).equals("c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006")
  expect(body.task_id).equals("aee8d2fe-5484-4753-9177-5a38dc15546c")
end)

case("an unknown task id answers 400 KPS.0001 in the flat body", function()
  fake.kps_task {}
  expect_illegal_id(http.get(path_of("00000000-0000-0000-0000-00000000dead"), token))
end)

case("a task of another project is unknown in this project", function()
  local theirs = fake.kps_task { project_id = "ffffffffffffffffffffffffffffffff" }
  expect_illegal_id(http.get(path_of(theirs.task_id), token))
  local res = http.get(path_of(theirs.task_id, theirs.project_id), token)
  expect(res.status).equals(200)
  expect(res).conforms("kps/task_status")
end)

case("a deleted failed task is unknown afterwards", function()
  local task = fake.kps_task {}
  status_of(task.task_id)
  local del = http.request("DELETE", "/v3/" .. project_id .. "/failed-tasks/" .. task.task_id, token)
  expect(del.status).equals(200)
  expect_illegal_id(http.get(path_of(task.task_id), token))
end)

case("a request with neither X-Auth-Token nor a signature answers 401 KPS.9001", function()
  local task = fake.kps_task {}
  local res = http.get(path_of(task.task_id))
  expect(res.status).equals(401)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("KPS.9001")
end)

case("authentication is checked before the task id: an unknown id without a token answers 401", function()
  local res = http.get(path_of("00000000-0000-0000-0000-00000000dead"))
  expect(res.status).equals(401)
  expect(res.json.error_code).equals("KPS.9001")
end)

case("an AK/SK signature is accepted without a token", function()
  local task = fake.kps_task { operate_type = "RUNNING_RESET" }
  expect(status_of(task.task_id, signed).task_status).equals("RUNNING_RESET")
end)

case("a method other than GET answers 405 with Allow: GET, and the task stays", function()
  local task = fake.kps_task {}
  local res = http.request("DELETE", path_of(task.task_id), token)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET")
  expect(res).conforms("kps/error")
  expect(status_of(task.task_id).task_status).equals("FAILED_RESET")
end)

case("a KPS path the service does not have answers 404 HARNESS.0404 in the flat body", function()
  local res = http.get("/v3/" .. project_id .. "/tasks", token)
  expect(res.status).equals(404)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("HARNESS.0404")
end)
