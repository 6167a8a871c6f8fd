case("values", function()
  local t = { 1, 2.5, "x", true, null, { a = { b = { 1, 2 } } } }
  expect(t[6]).equals { a = { b = { 1, 2 } } }
  expect(#t).equals(6)
  expect(string.format("%q", "a\0b")).equals('"a\\0b"')
  expect(math.maxinteger // -1).equals(-math.maxinteger)
  expect(utf8.char(0x10FFFF)).equals("\u{10FFFF}")
  print("printed", 1, nil, t)
end)
