-- luacheck over scenarios/, examples/ and bench/ (tests/integration/luacheck.sh runs it in CI: no warning allowed).
-- The globals are the harness's Lua API (docs/lua-api.md, scenarios/harness.d.lua); a test keeps the three equal.
std = "lua54"
max_line_length = 120

read_globals = {
  "case", "check", "empty_array", "expect", "fixture", "null", "print", "project_id", "require", "soft",
  http = { fields = { "get", "request" } },
  fake = {
    fields = {
      "endpoint", "failure_job", "fault", "job", "kps_task", "options", "requests",
      clock = { fields = { "advance", "now" } },
    },
  },
}

exclude_files = { "scenarios/harness.d.lua" }  -- annotations for LuaLS: declarations, never run

-- A wrk script, not a scenario: wrk's globals (https://github.com/wg/wrk/blob/master/SCRIPTING).
files["bench/declared.lua"] = {
  std = "lua54",
  globals = { "init", "setup", "request", "response", "done" },
  read_globals = { "wrk", "id" },
}
files["bench/polling.lua"] = {
  std = "lua54",
  globals = { "init", "setup", "request", "response", "done" },
  read_globals = { "wrk", "id" },
}
