-- Reported: a long wait on a KPS task (GET /v3/{project_id}/tasks/{task_id}) failed when the X-Auth-Token expired
-- between two polls: the client got 401 and, reading only error_code/error_msg, had to tell "token expired"
-- (KPS.9001) from a real failure. Clients are expected to re-authenticate and go on.
-- Proves: a fault matching the old token's header with `after = 2` answers the third poll with 401 and KPS's
-- documented flat body (KPS.9001, kps/error); a poller that fetches a new token on 401 goes on with it and is not
-- answered by the fault again; the journal shows which token each poll carried.

case("the token expires between polls 2 and 3: 401 KPS.9001, then the new token is served", function()
  local task = fake.kps_task { operate_type = "RUNNING_RESET" }
  local path = "/v3/" .. project_id .. "/tasks/" .. task.task_id
  local expired =
    fake.fault { path = path, match = { headers = { ["X-Auth-Token"] = "token-1" } }, status = 401, after = 2 }

  local tokens, token, answers = { "token-1", "token-2" }, 1, {}
  for _ = 1, 4 do
    local res = http.get(path, { headers = { ["X-Auth-Token"] = tokens[token] } })
    answers[#answers + 1] = res
    if res.status == 401 then
      expect(res).conforms("kps/error")
      expect(res.json).equals { error_code = "KPS.9001", error_msg = "Token not authenticated." }
      token = token + 1   -- re-authenticate
    else
      expect(res.status).equals(200)
      expect(res).conforms("kps/task_status")
      expect(res.json.task_status).equals("RUNNING_RESET")
    end
    fake.clock.advance(5)
  end
  expect({ answers[1].status, answers[2].status, answers[3].status, answers[4].status })
    .equals { 200, 200, 401, 200 }
  local journal = fake.requests { path = path }
  local carried = {}
  for i, entry in ipairs(journal) do carried[i] = entry.headers["x-auth-token"] end
  expect(carried).equals { "token-1", "token-1", "token-1", "token-2" }
  expect(journal[3].fault).equals(expired)
  expect(journal[3].time).equals(10)
  expect(journal[4].fault).equals(nil)
end)

case("a poller that does not re-authenticate keeps getting 401 with the expired token", function()
  local task = fake.kps_task { operate_type = "RUNNING_RESET" }
  local path = "/v3/" .. project_id .. "/tasks/" .. task.task_id
  fake.fault { path = path, match = { headers = { ["X-Auth-Token"] = "token-1" } }, status = 401, after = 2 }
  local got = {}
  for i = 1, 5 do got[i] = http.get(path, { headers = { ["X-Auth-Token"] = "token-1" } }).status end
  expect(got).equals { 200, 200, 401, 401, 401 }
end)
