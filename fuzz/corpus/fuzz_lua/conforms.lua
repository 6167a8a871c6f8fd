case("conforms", function()
  local ex = fixture("sdrs/job_status.example")
  expect(ex).conforms("sdrs/job_status")
  ex.status = "DONE"
  expect(ex).conforms("sdrs/job_status")
end)
case("no such fixture", function() expect({}).conforms("sdrs/../../etc/none") end)
case("a response table", function() expect({ status = 200, body = "{\"a\":" }).conforms("kps/error") end)
