-- KPS: the failed-task deletes, each followed by a read that shows what is gone and what is left.
--   DELETE /v3/{project_id}/failed-tasks/{task_id}   (200, no body; an unknown or not-failed task: 400 KPS.0005)
--   DELETE /v3/{project_id}/failed-tasks             (200, no body: every failed task of the project)
-- KPS deletes answer 200 where SDRS deletes answer 204 (contradiction 7). Errors are the flat kps/error body.

local base = "/v3/" .. project_id
local kps = require("kps")  -- scenarios/lib/kps.lua
local token, signed = kps.token, kps.signed
local other_project = "ffffffffffffffffffffffffffffffff"

local function delete_one(task_id, opts)
  return http.request("DELETE", base .. "/failed-tasks/" .. task_id, opts or token)
end

local function delete_all(opts)
  return http.request("DELETE", base .. "/failed-tasks", opts or token)
end

local function expect_empty_ok(res)
  expect(res.status).equals(200)
  expect(res.body).equals("")
end

-- The task ids of a list ("failed-tasks" or "running-tasks"), checked against its schema on the way.
local function ids_of(list, project)
  local res = http.get("/v3/" .. (project or project_id) .. "/" .. list, token)
  expect(res.status).equals(200)
  expect(res).conforms(list == "failed-tasks" and "kps/failed_tasks" or "kps/running_tasks")
  local ids = {}
  for i, task in ipairs(res.json.tasks) do ids[i] = task.task_id end
  expect(res.json.total).equals(#ids)
  return ids
end

local function expect_not_found(res)
  kps.expect_error(res, 400, "KPS.0005")
end

local function expect_unauthenticated(res)
  expect(res.status).equals(401)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("KPS.9001")
end

-- One failed task -----------------------------------------------------------------------------------------------

case("deleting a failed task answers 200 with an empty body", function()
  local task = fake.kps_task {}
  expect_empty_ok(delete_one(task.task_id))
end)

case("a deleted failed task is no longer listed, and the others still are", function()
  local a, b, c = fake.kps_task {}, fake.kps_task {}, fake.kps_task {}
  expect(ids_of("failed-tasks")).equals { a.task_id, b.task_id, c.task_id }
  expect_empty_ok(delete_one(b.task_id))
  expect(ids_of("failed-tasks")).equals { a.task_id, c.task_id }
end)

case("a deleted failed task has no status any more (400 KPS.0001)", function()
  local task = fake.kps_task { operate_type = "FAILED_UNBIND" }
  expect_empty_ok(delete_one(task.task_id))
  local res = http.get(base .. "/tasks/" .. task.task_id, token)
  expect(res.status).equals(400)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals("KPS.0001")
end)

case("deleting an unknown task answers 400 KPS.0005 in the flat body", function()
  fake.kps_task {}
  expect_not_found(delete_one("00000000-0000-0000-0000-00000000dead"))
  expect(#ids_of("failed-tasks")).equals(1)
end)

case("deleting the same failed task twice answers 200, then 400 KPS.0005", function()
  local task = fake.kps_task {}
  expect_empty_ok(delete_one(task.task_id))
  expect_not_found(delete_one(task.task_id))
end)

case("a running task cannot be deleted as a failed task: 400 KPS.0005 and it keeps running", function()
  local task = fake.kps_task { operate_type = "RUNNING_RESET" }
  expect_not_found(delete_one(task.task_id))
  expect(ids_of("running-tasks")).equals { task.task_id }
end)

case("a failed task of another project cannot be deleted through this project", function()
  local theirs = fake.kps_task { project_id = other_project }
  expect_not_found(delete_one(theirs.task_id))
  expect(ids_of("failed-tasks", other_project)).equals { theirs.task_id }
end)

case("deleting a failed task without authentication answers 401 KPS.9001 and deletes nothing", function()
  local task = fake.kps_task {}
  expect_unauthenticated(http.request("DELETE", base .. "/failed-tasks/" .. task.task_id))
  expect(ids_of("failed-tasks")).equals { task.task_id }
end)

case("deleting a failed task with an AK/SK signature is accepted", function()
  local task = fake.kps_task {}
  expect_empty_ok(delete_one(task.task_id, signed))
  expect(ids_of("failed-tasks")).equals {}
end)

case("a method other than DELETE on a failed task answers 405 with Allow: DELETE", function()
  local task = fake.kps_task {}
  local res = http.get(base .. "/failed-tasks/" .. task.task_id, token)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("DELETE")
  expect(res).conforms("kps/error")
  expect(ids_of("failed-tasks")).equals { task.task_id }
end)

-- Every failed task ---------------------------------------------------------------------------------------------

case("deleting every failed task answers 200 with an empty body", function()
  fake.kps_task {}
  expect_empty_ok(delete_all())
end)

case("after deleting every failed task the list is empty with total 0", function()
  for _, op in ipairs { "FAILED_RESET", "FAILED_REPLACE", "FAILED_UNBIND" } do fake.kps_task { operate_type = op } end
  expect(#ids_of("failed-tasks")).equals(3)
  expect_empty_ok(delete_all())
  local res = http.get(base .. "/failed-tasks", token)
  expect(res.json.total).equals(0)
  expect(res.body:find('"tasks":%[%]') ~= nil).equals(true)
end)

case("deleting every failed task leaves the running tasks", function()
  fake.kps_task {}
  local r = fake.kps_task { operate_type = "RUNNING_REPLACE" }
  expect_empty_ok(delete_all())
  expect(ids_of("running-tasks")).equals { r.task_id }
end)

case("deleting every failed task leaves another project's failed tasks", function()
  local theirs = fake.kps_task { project_id = other_project }
  fake.kps_task {}
  expect_empty_ok(delete_all())
  expect(ids_of("failed-tasks", other_project)).equals { theirs.task_id }
end)

case("deleting every failed task when there is none still answers 200", function()
  expect_empty_ok(delete_all())
  expect(ids_of("failed-tasks")).equals {}
end)

case("deleting every failed task without authentication answers 401 KPS.9001 and deletes nothing", function()
  local task = fake.kps_task {}
  expect_unauthenticated(http.request("DELETE", base .. "/failed-tasks"))
  expect(ids_of("failed-tasks")).equals { task.task_id }
end)

case("deleting every failed task with an AK/SK signature is accepted", function()
  fake.kps_task {}
  expect_empty_ok(delete_all(signed))
  expect(ids_of("failed-tasks")).equals {}
end)
