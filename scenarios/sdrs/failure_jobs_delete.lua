-- SDRS: the task center's deletes, each followed by a read that shows what is gone and what is left.
--   DELETE /v1/{project_id}/task-center/failure-jobs/{failure_job_id}
--   DELETE /v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch
--   DELETE /v1/{project_id}/task-center/failure-jobs/batch
-- All three answer 204 with no body (contradiction 7); errors are {"error": {...}} (sdrs/error) by default.

local prefix = "/v1/" .. project_id .. "/task-center"
local list_path = prefix .. "/failure-jobs"
local other_project = "ffffffffffffffffffffffffffffffff"
local g1, g2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"

local function delete_one(job_id, project)
  return http.request("DELETE", "/v1/" .. (project or project_id) .. "/task-center/failure-jobs/" .. job_id)
end

local function delete_group(group)
  return http.request("DELETE", prefix .. "/" .. group .. "/failure-jobs/batch")
end

local function delete_all()
  return http.request("DELETE", prefix .. "/failure-jobs/batch")
end

local function expect_no_content(res)
  expect(res.status).equals(204)
  expect(res.body).equals("")
end

-- The job ids listed by GET (query optional), checked against the schema on the way.
local function listed_ids(query, project)
  local path = "/v1/" .. (project or project_id) .. "/task-center/failure-jobs"
  local res = http.get(path .. (query and ("?" .. query) or ""))
  expect(res.status).equals(200)
  expect(res).conforms("sdrs/failure_jobs")
  local ids = {}
  for i, row in ipairs(res.json.failure_jobs) do ids[i] = row.job_id end
  expect(res.json.count).equals(#ids)
  return ids
end

-- Two groups, each with its own group-level failure and two failures inside it.
local function two_groups()
  local rows = {}
  for _, g in ipairs { g1, g2 } do
    rows[g] = {
      group = fake.failure_job { server_group_id = g, resource_id = g, resource_name = "group-" .. g:sub(1, 1) },
      pi = fake.failure_job { server_group_id = g, resource_type = "protected_instances" },
      rep = fake.failure_job { server_group_id = g, resource_type = "replications" },
    }
  end
  return rows
end

-- One failed task -----------------------------------------------------------------------------------------------

case("deleting a failed task answers 204 with an empty body", function()
  local row = fake.failure_job {}
  expect_no_content(delete_one(row.job_id))
end)

case("a deleted failed task is no longer listed, and the others still are", function()
  local a, b, c = fake.failure_job {}, fake.failure_job {}, fake.failure_job {}
  expect(listed_ids()).equals { a.job_id, b.job_id, c.job_id }
  expect_no_content(delete_one(b.job_id))
  expect(listed_ids()).equals { a.job_id, c.job_id }
end)

case("a failure inside a protection group can be deleted by its job id", function()
  local rows = two_groups()
  expect_no_content(delete_one(rows[g1].pi.job_id))
  expect(listed_ids("resource_type=protected_instances")).equals { rows[g2].pi.job_id }
  expect(listed_ids("resource_type=replications")).equals { rows[g1].rep.job_id, rows[g2].rep.job_id }
end)

case("deleting an unknown failed task answers 404 with the documented error body", function()
  fake.failure_job {}
  local res = delete_one("0000000000000000000000000000dead")
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error")
  expect(type(res.json.error.code)).equals("string")
  expect(type(res.json.error.message)).equals("string")
  expect(#listed_ids()).equals(1)
end)

case("deleting the same failed task twice answers 204, then 404", function()
  local row = fake.failure_job {}
  expect_no_content(delete_one(row.job_id))
  local again = delete_one(row.job_id)
  expect(again.status).equals(404)
  expect(again).conforms("sdrs/error")
end)

case("a failed task of another project cannot be deleted through this project", function()
  local theirs = fake.failure_job { project_id = other_project }
  local res = delete_one(theirs.job_id)
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error")
  expect(listed_ids(nil, other_project)).equals { theirs.job_id }
end)

case("with sdrs_errors = wrapper an unknown failed task answers 404 as {\"itemNotFound\": ...}", function()
  fake.options { sdrs_errors = "wrapper" }
  local res = delete_one("0000000000000000000000000000dead")
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error_itemnotfound")
  expect(type(res.json.itemNotFound.code)).equals("string")
  expect(res.json.error).equals(nil)
end)

case("a method other than DELETE on a failed task answers 405 with Allow: DELETE", function()
  local row = fake.failure_job {}
  local res = http.get(list_path .. "/" .. row.job_id)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("DELETE")
  expect(res).conforms("sdrs/error")
  expect(#listed_ids()).equals(1)
end)

-- The failed tasks of one protection group ----------------------------------------------------------------------

case("the group batch delete answers 204 with an empty body", function()
  two_groups()
  expect_no_content(delete_group(g1))
end)

case("the group batch delete removes every failure inside that group", function()
  two_groups()
  expect(#listed_ids("server_group_id=" .. g1)).equals(3)
  expect_no_content(delete_group(g1))
  expect(listed_ids("server_group_id=" .. g1)).equals {}
end)

case("the group batch delete removes only that group's failures", function()
  local rows = two_groups()
  expect_no_content(delete_group(g1))
  expect(listed_ids()).equals { rows[g2].group.job_id }
  expect(listed_ids("resource_type=protected_instances")).equals { rows[g2].pi.job_id }
  expect(listed_ids("resource_type=replications")).equals { rows[g2].rep.job_id }
end)

case("the group batch delete leaves another project's failures of the same group id", function()
  local theirs = fake.failure_job { project_id = other_project, server_group_id = g1,
                                    resource_type = "protected_instances" }
  two_groups()
  expect_no_content(delete_group(g1))
  expect(listed_ids("server_group_id=" .. g1, other_project)).equals { theirs.job_id }
end)

case("a method other than DELETE on the group batch path answers 405 with Allow: DELETE", function()
  two_groups()
  local res = http.get(prefix .. "/" .. g1 .. "/failure-jobs/batch")
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("DELETE")
  expect(res).conforms("sdrs/error")
  expect(#listed_ids("server_group_id=" .. g1)).equals(3)
end)

-- Every failed task of the project ------------------------------------------------------------------------------

case("the batch delete answers 204 with an empty body", function()
  two_groups()
  expect_no_content(delete_all())
end)

case("the batch delete removes every failure of the project, at every level", function()
  two_groups()
  expect_no_content(delete_all())
  expect(listed_ids()).equals {}
  expect(listed_ids("server_group_id=" .. g1)).equals {}
  expect(listed_ids("resource_type=protected_instances")).equals {}
  expect(listed_ids("resource_type=replications")).equals {}
end)

case("the batch delete leaves another project's failures", function()
  local theirs = fake.failure_job { project_id = other_project }
  two_groups()
  expect_no_content(delete_all())
  expect(listed_ids(nil, other_project)).equals { theirs.job_id }
end)

case("the batch delete of an empty task center still answers 204", function()
  expect_no_content(delete_all())
  expect(listed_ids()).equals {}
end)

case("a method other than DELETE on the batch path answers 405 with Allow: DELETE", function()
  fake.failure_job {}
  local res = http.request("POST", list_path .. "/batch", { body = {} })
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("DELETE")
  expect(res).conforms("sdrs/error")
  expect(#listed_ids()).equals(1)
end)
