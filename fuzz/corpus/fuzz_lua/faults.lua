local f = fake.fault { method = "GET", path = "/v1/*/jobs/*", status = 503, times = 2, query = { limit = "10" },
  headers = { ["X-Auth-Token"] = "t" }, body = { error = "custom" } }
fake.fault { path = "**", delay = 0.01, every = 3, probability = 0.5 }
fake.fault { path = "/v3/**", drip = { bytes = 2, interval = 0.01 }, after = 1 }
fake.fault { path = "/x", truncate = 3, nth = 2 }
case("journal", function()
  local r = http.request("delete", "/v1/p/jobs/1?limit=10", { body = "x", headers = { A = "b" }, timeout = 0.1 })
  expect(#fake.requests { path = "/v1/**", method = "GET" }).equals(0)
  expect(f).equals(1)
end)
