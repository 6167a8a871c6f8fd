// A response's body is parsed once, when first needed: res.json and res.json_error appear on first read, and
// expect(res).conforms(...) checks the same parse, always of the body as received.
#include "tests/unit/script_test_fixture.hpp"

namespace {

using harness::report::Outcome;

class ResponseBody : public harness::testing::ScriptTest {
 protected:
  // A case that GETs a fresh RUNNING job into `res`, then runs `body`.
  harness::report::SuiteResult run_case(const std::string& body) {
    return run(
        "case('c', function()\n"
        "  local job = fake.job { job_type = 'createProtectionGroupNoCG', timeline = { 'RUNNING' } }\n"
        "  local path = '/v1/' .. project_id .. '/jobs/' .. job.job_id\n"
        "  local res = http.get(path)\n" +
        body + "\nend)\n");
  }
  void passes(const std::string& body) {
    const auto suite = run_case(body);
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
  }
};

TEST_F(ResponseBody, JsonAppearsOnFirstReadAndThenIsAPlainField) {
  passes(
      "expect(rawget(res, 'json')).equals(nil)\n"  // nothing parsed yet
      "expect(getmetatable(res)).equals(false)\n"
      "expect(res.json.status).equals('RUNNING')\n"
      "expect(rawget(res, 'json').status).equals('RUNNING')\n"
      "expect(res.json).equals(res.json)\n"  // one table, not a new one per read
      "expect(rawequal(res.json, res.json)).equals(true)\n"
      "expect(res.json_error).equals(nil)\n"
      "expect(res.other).equals(nil)");
}

TEST_F(ResponseBody, ConformsChecksTheBodyReceivedNotTheScriptsCopy) {
  passes(
      "expect(res).conforms('sdrs/job_status')\n"  // parses, before anyone read res.json
      "expect(res.json.status).equals('RUNNING')\n"
      "res.json.status = 'DONE'\n"
      "expect(res).conforms('sdrs/job_status')\n"
      "res.json = nil\n"
      "expect(res.json).equals(nil)\n"  // a field the script cleared stays cleared
      "expect(res).conforms('sdrs/job_status')");
}

TEST_F(ResponseBody, ABodyTheScriptReplacedIsParsedAnew) {
  const auto suite = run_case(
      "expect(res).conforms('sdrs/job_status')\n"
      "res.body = '{\"status\":\"DONE\"}'\n"
      "expect(res).conforms('sdrs/job_status')");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.message.rfind(at_line(7) + "sdrs/job_status: ", 0), 0u) << result.message;
}

TEST_F(ResponseBody, NotJsonGivesJsonErrorOnFirstReadAndConformsSaysSo) {
  const auto suite = run_case(
      "fake.fault { path = path, malformed = true }\n"
      "res = http.get(path)\n"
      "expect(rawget(res, 'json_error')).equals(nil)\n"
      "expect(res.json).equals(nil)\n"
      "expect(type(rawget(res, 'json_error'))).equals('string')\n"
      "expect(res).conforms('sdrs/job_status')");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.outcome, Outcome::failed);
  EXPECT_EQ(result.message, at_line(10) + "sdrs/job_status: the response body is not JSON");
}

TEST_F(ResponseBody, AnEmptyBodyHasNeitherField) {
  passes(
      "fake.fault { path = path, status = 204, body = '' }\n"
      "res = http.get(path)\n"
      "expect(res.body).equals('')\n"
      "expect(res.json).equals(nil)\n"
      "expect(res.json_error).equals(nil)");
}

}  // namespace
