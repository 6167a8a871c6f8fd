-- Deliberately failing scenario for tests/integration/hostile_values.sh (never put this in scenarios/): values
-- that once crashed `harness run` with no report. Each must end as an outcome of its case.
local function deep(n) local t = 1 for _ = 1, n do t = { a = t } end return t end
local function cyclic() local t = {} t.self = t return t end

case("a request body nested too deep", function()
  http.request("POST", "/v1/p/jobs", { body = deep(100) })
end)

case("a cyclic table in equals", function()
  expect(cyclic()).equals(cyclic())
end)

case("an error object whose __index raises", function()
  error(setmetatable({}, { __index = function() error("trap") end }))
end)

case("a response nested 50000 deep", function()
  fake.fault { path = "/v1/p/deep", status = 200, body = ("["):rep(50000) .. ("]"):rep(50000) }
  expect(http.get("/v1/p/deep").json_error).equals("the body is nested deeper than 64 levels at " .. ("/0"):rep(64))
end)

case("a title with a NUL\0byte", function()
  print("output with a NUL\0byte")
  error({ code = 7 })
end)

case("a body of 20 levels still goes out", function()
  http.request("POST", "/v1/p/jobs", { body = deep(20) })
end)
