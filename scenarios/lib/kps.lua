-- Shared by the KPS scenarios (scenarios/kps/): the two ways to authenticate, the flat error body, task ids.
-- A module (scenarios/lib/), not a scenario: `local kps = require("kps")`.
local kps = {}

-- X-Auth-Token, or an AK/SK signature (the fake checks that one is there, not what it says).
kps.token = { headers = { ["X-Auth-Token"] = "a-token" } }
kps.signed = { headers = {
  ["Authorization"] = "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=0123abcd",
  ["X-Sdk-Date"] = "20260101T000000Z",
  ["X-Project-Id"] = project_id,
} }

-- A response with this status and the flat KPS error body {error_code, error_msg} with this code.
function kps.expect_error(res, status, code)
  expect(res.status).equals(status)
  expect(res).conforms("kps/error")
  expect(res.json.error_code).equals(code)
  expect(res.json.error_msg).has_type("string")
end

-- The task ids of a list body ({total, tasks}), in order.
function kps.task_ids(body)
  local ids = {}
  for i, task in ipairs(body.tasks) do ids[i] = task.task_id end
  return ids
end

return kps
