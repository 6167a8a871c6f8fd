case("sandbox", function()
  expect(string.dump).equals(nil)
  local ok = pcall(function() return os end)
  expect(ok).equals(false)
  local mt = getmetatable("")
  print(type(mt), rawget(_G, "io"), next({}))
  setmetatable(_G, nil)
end)
x = 1
