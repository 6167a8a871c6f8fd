-- Reported: an offset pager (keep asking with a growing offset until the list comes back empty, API.md) looped
-- forever against a fake that ignored `offset` and served the first page again and again.
-- Proves: against KPS GET /v3/{project_id}/failed-tasks and SDRS GET .../task-center/failure-jobs, a pager written
-- the way those clients write it sees `tasks: []` / `failure_jobs: []` past the end and stops; it collects every
-- row once, and the journal shows exactly the requests it made, offsets 0, 2, 4, ... and the empty page last.

local token = { headers = { ["X-Auth-Token"] = "a-token" } }

local page_all = require("paging").walk  -- the pager as clients write it (scenarios/lib/paging.lua)

case("KPS failed-tasks: 5 tasks by 2, the pager stops at the empty page after 4 requests", function()
  local ids = {}
  for i = 1, 5 do ids[i] = fake.kps_task { server_name = "ecs-" .. i }.task_id end
  local path = "/v3/" .. project_id .. "/failed-tasks"
  local rows, requests = page_all(path, "tasks", 2, token)
  expect(requests).equals(4)
  local got = {}
  for i, row in ipairs(rows) do got[i] = row.task_id end
  expect(got).equals(ids)
  local journal = fake.requests { method = "GET", path = path }
  expect(#journal).equals(4)
  expect({ journal[1].query, journal[2].query, journal[3].query, journal[4].query })
    .equals { "limit=2&offset=0", "limit=2&offset=2", "limit=2&offset=4", "limit=2&offset=5" }
end)

case("KPS failed-tasks: 4 tasks by 2, a full last page still needs the empty one: 3 requests", function()
  for i = 1, 4 do fake.kps_task { server_name = "ecs-" .. i } end
  local path = "/v3/" .. project_id .. "/failed-tasks"
  local rows, requests = page_all(path, "tasks", 2, token)
  expect(#rows).equals(4)
  expect(requests).equals(3)
  local last = http.get(path .. "?limit=2&offset=4", token)
  expect(last.json).equals { total = 4, tasks = {} }
end)

case("SDRS failure-jobs: 3 rows by 1, the pager stops at failure_jobs: [] after 4 requests", function()
  local ids = {}
  for i = 1, 3 do ids[i] = fake.failure_job { resource_name = "pg-" .. i }.job_id end
  local path = "/v1/" .. project_id .. "/task-center/failure-jobs"
  local rows, requests = page_all(path, "failure_jobs", 1)
  expect(requests).equals(4)
  local got = {}
  for i, row in ipairs(rows) do got[i] = row.job_id end
  expect(got).equals(ids)
  local journal = fake.requests { path = path }
  expect(#journal).equals(4)
  expect(journal[4].query).equals("limit=1&offset=3")
  local past_end = http.get(path .. "?limit=1&offset=3")
  expect(past_end).conforms("sdrs/failure_jobs")
  expect(past_end.json).equals { count = 3, failure_jobs = {} }
end)

case("an empty list: the pager stops after its first request", function()
  local path = "/v3/" .. project_id .. "/failed-tasks"
  local rows, requests = page_all(path, "tasks", 10, token)
  expect(#rows).equals(0)
  expect(requests).equals(1)
end)
