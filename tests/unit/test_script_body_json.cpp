// res.json, res.json_error and expect(res).conforms(...) on bodies whose parse is easy to get subtly wrong:
// numbers at and beyond the integer range, escapes and surrogates, bytes that are not UTF-8, duplicate keys,
// nesting at the limit. The expected values are what nlohmann's parse gave before Boost.JSON parsed bodies
// (pinned on main), so a parser that reads any of them differently fails here.
#include "tests/unit/script_test_fixture.hpp"

namespace {

using harness::report::Outcome;

class BodyJson : public harness::testing::ScriptTest {
 protected:
  // A case with get(body), which serves `body` as a 200 answer and returns the response, then `lines`. Each
  // body has a path of its own: the fake, and its faults, stay from one run to the next.
  harness::report::SuiteResult run_case(const std::string& lines) {
    ++runs_;
    return run(
        "local n = 0\n"
        "local function get(body)\n"
        "  n = n + 1\n"
        "  fake.fault { path = '/v1/p/body" +
        std::to_string(runs_) +
        "_' .. n, status = 200, body = body }\n"
        "  return http.get('/v1/p/body" +
        std::to_string(runs_) +
        "_' .. n)\n"
        "end\n"
        "case('c', function()\n" +
        lines + "\nend)\n");
  }
  void passes(const std::string& lines) {
    const auto suite = run_case(lines);
    const auto& result = only_case(suite);
    EXPECT_EQ(result.outcome, Outcome::passed) << result.message;
  }
  int runs_ = 0;
  // The message of a case whose only line, at line 8, is expect(get(body)).conforms(schema), without its
  // "file:8: " prefix; "" when it passed.
  std::string conforms_message(const std::string& body, const std::string& schema) {
    const auto suite = run_case("expect(get([==[" + body + "]==])).conforms('" + schema + "')");
    const std::string message = only_case(suite).message;
    return message.rfind(at_line(8), 0) == 0 ? message.substr(at_line(8).size()) : message;
  }
  // The json_error of `body` must be `error`.
  void json_error_is(const std::string& body, const std::string& error) {
    passes("local res = get([==[" + body +
           "]==])\nexpect(res.json).equals(nil)\nexpect(res.json_error).equals([==[" + error + "]==])");
  }
};

TEST_F(BodyJson, IntegersStayIntegersAndFloatsFloats) {
  passes(
      "local j = get('{\"i\":1,\"n\":-5,\"z\":-0,\"zf\":-0.0,\"f\":1.5,\"e\":1e2,"
      "\"big\":9223372036854775807,\"minint\":-9223372036854775808}').json\n"
      "expect(math.type(j.i)).equals('integer') expect(j.i).equals(1)\n"
      "expect(math.type(j.n)).equals('integer') expect(j.n).equals(-5)\n"
      "expect(math.type(j.z)).equals('integer') expect(j.z).equals(0)\n"
      "expect(math.type(j.zf)).equals('float') expect(1 / j.zf).equals(-math.huge)\n"
      "expect(math.type(j.f)).equals('float') expect(j.f).equals(1.5)\n"
      "expect(math.type(j.e)).equals('float') expect(j.e).equals(100.0)\n"
      "expect(j.big).equals(math.maxinteger) expect(j.minint).equals(math.mininteger)");
}

// As Lua reads such literals: a float near the value, never an integer wrapped to a negative one (which
// they were before).
TEST_F(BodyJson, IntegersBeyondTheSignedRangeBecomeFloats) {
  passes(
      "local j = get('{\"u\":9223372036854775808,\"umax\":18446744073709551615,"
      "\"huge\":18446744073709551616,\"neg\":-9223372036854775809}').json\n"
      "expect(math.type(j.u)).equals('float') expect(j.u).equals(9.2233720368547758e+18)\n"
      "expect(math.type(j.umax)).equals('float') expect(j.umax).equals(1.8446744073709552e+19)\n"
      "expect(math.type(j.huge)).equals('float') expect(j.huge).equals(1.8446744073709552e+19)\n"
      "expect(math.type(j.neg)).equals('float') expect(j.neg).equals(-9.2233720368547758e+18)");
}

// Boost.JSON 1.81's own reading of digits and nearmax is a double off (nearmax: infinity). The second body's
// numbers are below the normal range, where from_chars and strtod part.
TEST_F(BodyJson, FloatsAreTheNearestDouble) {
  passes(
      "local j = get('{\"long\":0.1000000000000000055511151231257827,\"max\":1.7976931348623157e308,"
      "\"many\":123456789012345678901234567890e-10,"
      "\"third\":0.3333333333333333148296162562473909929394721984863,"
      "\"digits\":1.2345678901234567890123e-300,\"nearmax\":179769313486231580793728971405301e276}').json\n"
      "expect(j.long).equals(0.1)\n"
      "expect(j.max).equals(1.7976931348623157e+308)\n"
      "expect(j.many).equals(1.2345678901234567e+19)\n"
      "expect(j.third).equals(1 / 3)\n"
      "expect(j.digits).equals(1.2345678901234568e-300)\n"
      "expect(j.nearmax).equals(1.7976931348623157e+308)\n"
      "j = get('{\"tiny\":1e-400,\"sub\":4.9e-324,\"edge\":2.2250738585072011e-308}').json\n"
      "expect(j.tiny).equals(0.0) expect(math.type(j.tiny)).equals('float')\n"
      "expect(j.sub).equals(4.9406564584124654e-324)\n"
      "expect(j.edge).equals(2.2250738585072009e-308)");
}

TEST_F(BodyJson, ANumberBeyondTheDoubleRangeIsNotJson) {
  json_error_is(R"({"x":1e999})", "[json.exception.out_of_range.406] number overflow parsing '1e999'");
  json_error_is(R"({"x":-1e999})", "[json.exception.out_of_range.406] number overflow parsing '-1e999'");
  EXPECT_EQ(conforms_message(R"({"total":1e400,"tasks":[]})", "kps/running_tasks"),
            "kps/running_tasks: the response body is not JSON");
}

TEST_F(BodyJson, EscapesArriveAsUtf8AndNulStaysInTheString) {
  passes(
      "local j = "
      "get([[{\"s\":\"\\u00e9\\ud83d\\ude00\",\"nul\":\"a\\u0000b\",\"esc\":\"\\\"\\\\\\/"
      "\\b\\f\\n\\r\\t\"}]])"
      ".json\n"
      "expect(j.s).equals('\\xc3\\xa9\\xf0\\x9f\\x98\\x80')\n"
      "expect(j.nul).equals('a\\0b') expect(#j.nul).equals(3)\n"
      "expect(j.esc).equals('\"\\\\/\\b\\f\\n\\r\\t')");
}

TEST_F(BodyJson, ALoneSurrogateIsNotJson) {
  json_error_is(
      R"({"s":"\ud800"})",
      "[json.exception.parse_error.101] parse error at line 1, column 13: syntax error while parsing "
      "value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: "
      "'\"\\ud800\"'");
  json_error_is(
      R"({"s":"\udc00"})",
      "[json.exception.parse_error.101] parse error at line 1, column 12: syntax error while parsing "
      "value - invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF; last read: "
      "'\"\\udc00'");
  json_error_is(
      R"({"s":"\ud800\u0041"})",
      "[json.exception.parse_error.101] parse error at line 1, column 18: syntax error while parsing "
      "value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: "
      "'\"\\ud800\\u0041'");
}

TEST_F(BodyJson, BytesThatAreNotUtf8AreNotJson) {
  // \255, an encoded surrogate (ED A0 80) and an overlong NUL (C0 80).
  for (const char* bytes : {"\\255", "\\237\\160\\128", "\\192\\128"}) {
    const auto suite =
        run_case(std::string("local res = get('{\"s\":\"") + bytes +
                 "\"}')\n"
                 "expect(res.json).equals(nil)\n"
                 "expect(res.json_error:find('invalid string: ill-formed UTF-8 byte', 1, true) ~= nil)"
                 ".equals(true)\n"
                 "expect(res).conforms('sdrs/job_status')");
    EXPECT_EQ(only_case(suite).message, at_line(11) + "sdrs/job_status: the response body is not JSON")
        << bytes;
  }
}

TEST_F(BodyJson, OfDuplicateKeysTheLastWins) {
  passes(
      "local j = get('{\"a\":1,\"a\":2,\"b\":{\"c\":1,\"c\":\"two\"}}').json\n"
      "expect(j).equals({ a = 2, b = { c = 'two' } })");
  EXPECT_EQ(
      conforms_message(R"({"status":"DONE","status":"SUCCESS","entities":{},"job_id":"x","job_type":"t",)"
                       R"("begin_time":"2018-04-19T01:55:30.443Z","end_time":null,"error_code":null,)"
                       R"("fail_reason":null})",
                       "sdrs/job_status"),
      "");
}

TEST_F(BodyJson, AByteOrderMarkIsSkippedAndTrailingTextIsNotJson) {
  passes("expect(get('\\239\\187\\191{\"bom\":true}').json).equals({ bom = true })");
  json_error_is(
      "{\"a\":1} x",
      "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while parsing value "
      "- invalid literal; last read: '1} x'; expected end of input");
  json_error_is(
      "[1,]",
      "[json.exception.parse_error.101] parse error at line 1, column 4: syntax error while parsing value "
      "- unexpected ']'; expected '[', '{', or a literal");
  json_error_is(
      " ",
      "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing value "
      "- unexpected end of input; expected '[', '{', or a literal");
}

TEST_F(BodyJson, ObjectsNestUpTo64Levels) {
  passes(
      "local res = get(('{\"a\":'):rep(64) .. '1' .. ('}'):rep(64))\n"
      "local depth, t = 0, res.json\n"
      "while type(t) == 'table' do depth, t = depth + 1, t.a end\n"
      "expect(depth).equals(64) expect(t).equals(1)\n"
      "res = get(('{\"a\":'):rep(65) .. '1' .. ('}'):rep(65))\n"
      "expect(res.json).equals(nil)\n"
      "expect(res.json_error).equals('the body is nested deeper than 64 levels at ' .. ('/a'):rep(64))\n"
      "local deep = ('['):rep(64) .. (']'):rep(64)\n"
      "res = get('{\"b\":' .. deep .. ',\"a\":' .. deep .. '}')\n"
      "expect(res.json_error).equals('the body is nested deeper than 64 levels at /a' .. ('/0'):rep(63))");
}

TEST_F(BodyJson, ConformsReadsNumbersAsTheOldParseDid) {
  // An integer beyond int64 was nlohmann's unsigned, which valijson read as a negative integer.
  EXPECT_EQ(conforms_message(R"({"total":9223372036854775808,"tasks":[]})", "kps/running_tasks"),
            "kps/running_tasks: /total: Expected number greater than or equal to 0.000000");
  EXPECT_EQ(conforms_message(R"({"total":1.0,"tasks":[]})", "kps/running_tasks"),
            "kps/running_tasks: /total: 1.0 is a number, expected integer");
  EXPECT_EQ(conforms_message(R"({"total":-0,"tasks":[]})", "kps/running_tasks"), "");
  EXPECT_EQ(conforms_message(R"({"total":-1,"tasks":[]})", "kps/running_tasks"),
            "kps/running_tasks: /total: -1 is less than the minimum 0");
  EXPECT_EQ(conforms_message(R"({"total":18446744073709551616,"tasks":[]})", "kps/running_tasks"),
            "kps/running_tasks: /total: 1.8446744073709552e+19 is a number, expected integer");
}

TEST_F(BodyJson, ConformsSeesAStringWholePastANul) {
  EXPECT_EQ(
      conforms_message(R"({"status":"SUCCESS","entities":{},"job_id":"x\u0000y","job_type":"t",)"
                       R"("begin_time":"2018-04-19T01:55:30.443Z\u0000","end_time":null,"error_code":null,)"
                       R"("fail_reason":null})",
                       "sdrs/job_status"),
      "sdrs/job_status: /begin_time: \"2018-04-19T01:55:30.443Z\\u0000\" does not match the "
      "pattern ^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$ (UTC time as "
      "yyyy-MM-ddTHH:mm:ss.SSSZ, e.g. 2019-04-01T12:00:00.000Z)");
}

TEST_F(BodyJson, EveryViolationKeepsItsPointerAndReason) {
  const auto suite = run_case(
      "expect(get('{\"status\":\"DONE\",\"entities\":{\"sub_jobs\":[{\"status\":1}]},\"job_id\":5,"
      "\"begin_time\":\"yesterday\",\"end_time\":null,\"error_code\":null}')).conforms('sdrs/job_status')");
  const auto& result = only_case(suite);
  EXPECT_EQ(result.message,
            at_line(8) + "sdrs/job_status: missing required property \"fail_reason\" (and 13 more)");
  const std::string violations =
      "\n  missing required property \"fail_reason\""
      "\n  missing required property \"job_type\""
      "\n  /begin_time: \"yesterday\" does not match the pattern "
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$ (UTC time as yyyy-MM-ddTHH:mm:ss.SSSZ, e.g. "
      "2019-04-01T12:00:00.000Z)"
      "\n  /entities/sub_jobs/0: missing required property \"begin_time\""
      "\n  /entities/sub_jobs/0: missing required property \"end_time\""
      "\n  /entities/sub_jobs/0: missing required property \"entities\""
      "\n  /entities/sub_jobs/0: missing required property \"error_code\""
      "\n  /entities/sub_jobs/0: missing required property \"fail_reason\""
      "\n  /entities/sub_jobs/0: missing required property \"job_id\""
      "\n  /entities/sub_jobs/0: missing required property \"job_type\""
      "\n  /entities/sub_jobs/0/status: 1 is a number, expected string"
      "\n  /entities/sub_jobs/0/status: 1 is not one of SUCCESS, RUNNING, FAIL, INIT"
      "\n  /job_id: 5 is a number, expected string"
      "\n  /status: \"DONE\" is not one of SUCCESS, RUNNING, FAIL, INIT\n";
  EXPECT_NE(result.detail.find("fixtures/sdrs/job_status.schema.json" + violations), std::string::npos)
      << result.detail;
}

}  // namespace
