case("unterminated", function()
  local s = "abc
end)
