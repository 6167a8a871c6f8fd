case("metatables", function()
  local a = setmetatable({}, { __eq = function() return true end, __index = function() return 1 end })
  local b = setmetatable({ 1 }, { __len = function() return 99 end })
  expect(a).equals(b)
  local c = {}; c.self = c
  expect(c).equals(c)
end)
