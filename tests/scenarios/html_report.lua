-- Cases for the HTML report's tests (tests/integration/html_report.sh, html_browser.sh): one of each outcome,
-- a schema failure whose body carries a violation at /job_id, and titles and bodies that try to break out of
-- the page (markup, control characters, invalid UTF-8).

case("a job polled to SUCCESS", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "SUCCESS" } }
  for _, want in ipairs { "INIT", "RUNNING", "SUCCESS" } do
    local res = http.get(job.path)
    expect(res.json.status).equals(want)
  end
end)

case("a body with a number for job_id does not conform", function()
  local path = "/v1/" .. project_id .. "/jobs/0123456789abcdef0123456789abcdef"
  fake.fault {
    path = path, status = 200,
    body = '{"status":"RUNNING","entities":{"note":"</script><img src=x onerror=alert(1)>\\u001b[31m"},'
      .. '"job_id":42,"job_type":"createProtectionGroupNoCG","begin_time":"2026-01-01T00:00:00.000Z",'
      .. '"end_time":null,"error_code":null,"fail_reason":null}',
  }
  expect(http.get(path)).conforms("sdrs/job_status")
end)

case("</script><img src=x onerror=\"document.title='pwned'\"> \x01\x1b[31m \xff\xfe title", function()
  local job = fake.job { job_type = "<b>bold</b>\xff", timeline = { "FAIL" } }
  local res = http.get(job.path, { headers = { ["X-Hostile"] = "<script>alert(2)</script>" } })
  expect(res.json.status).equals("SUCCESS")
end)

case("a script error", function()
  error("boom <img src=x onerror=alert(3)>")
end)
