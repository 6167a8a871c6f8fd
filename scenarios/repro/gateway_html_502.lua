-- Reported: during an incident the API gateway in front of SDRS answered 502 with its own HTML page instead of the
-- service's JSON error body. Clients that decode every error body as {"error": {"code", "message"}} crashed on the
-- parse error instead of reporting "502, retry later"; waiters are expected to abort on any 5xx (API.md).
-- Proves: a fault with status = 502, an HTML body and content_type = "text/html" reaches the client as exactly that
-- (status 502, text/html, body as sent, json nil with json_error set, not conforming to sdrs/error), and a waiter
-- that goes by the status, not the body, aborts after that one poll.

local html = "<html><head><title>502 Bad Gateway</title></head>"
  .. "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"

case("a gateway 502 with an HTML body arrives as HTML: no JSON, no error code to read", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
  fake.fault { path = job.path, status = 502, body = html, content_type = "text/html" }
  local res = http.get(job.path)
  expect(res.status).equals(502)
  expect(res.headers["content-type"]).equals("text/html")
  expect(res.body).equals(html)
  expect(res.json).equals(nil)
  expect(type(res.json_error)).equals("string")
  local ok, err = pcall(function() expect(res).conforms("sdrs/error") end)
  expect(ok).equals(false)
  expect(err.type).equals("schema")
  expect(err.message:find("not JSON", 1, true) ~= nil).equals(true)
end)

case("a waiter that goes by the status aborts on the HTML 502 after one poll", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
  fake.fault { path = job.path, status = 502, body = html, content_type = "text/html", times = 1 }
  local outcome
  for _ = 1, 10 do
    local res = http.get(job.path)
    if res.status >= 500 then outcome = "aborted: " .. res.status break end
    if res.json.status == "SUCCESS" then outcome = "SUCCESS" break end
  end
  expect(outcome).equals("aborted: 502")
  expect(#fake.requests { path = job.path }).equals(1)
end)
