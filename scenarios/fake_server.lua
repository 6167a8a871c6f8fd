-- The fake server's own HTTP behaviour, outside any one API: unknown paths and methods.

case("an unknown path answers 404 with an error body", function()
  local res = http.get("/v2/" .. project_id .. "/nothing-here")
  expect(res.status).equals(404)
  expect(res).conforms("sdrs/error")
end)

case("a method other than GET on the job path answers 405 with Allow: GET", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  local res = http.request("DELETE", job.path)
  expect(res.status).equals(405)
  expect(res.headers["allow"]).equals("GET")
  expect(res).conforms("sdrs/error")
end)

case("the connection is kept alive between requests", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  for _ = 1, 3 do
    local res = http.get(job.path)
    expect(res.status).equals(200)
    expect(res.headers["connection"]).equals(nil)
  end
end)
