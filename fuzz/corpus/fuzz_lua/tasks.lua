fake.options { sdrs_count = "page", sdrs_errors = "wrapper" }
local row = fake.failure_job { resource_type = "protected_instances", failure_status = "deleteFail" }
local task = fake.kps_task { operate_type = "RUNNING_BIND", task_time = "1767225600000" }
case("rows", function()
  expect(row.project_id).equals(project_id)
  expect(task.operate_type).equals("RUNNING_BIND")
  local res = http.get("/v3/" .. project_id .. "/tasks/" .. task.task_id, { headers = { ["X-Auth-Token"] = "t" } })
  print(res.error, res.status)
end)
