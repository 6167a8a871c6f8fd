case("spins", function() while true do end end)
case("eats memory", function()
  local t = {}
  for i = 1, 1e9 do t[i] = string.rep("x", 1024) end
end)
case("deep recursion", function()
  local function f(n) return f(n + 1) + 1 end
  f(1)
end)
case("after", function() expect(1).equals(1) end)
