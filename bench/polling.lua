-- wrk script: job-status polling spread over the 10,000 jobs of bench/world.lua.
--   wrk -t1 -c32 -d10s --latency -s bench/polling.lua http://127.0.0.1:PORT
-- Requests go round the jobs in order (job 1, 2, ... 10000, 1, ...), each thread starting at its own offset,
-- so every job is polled about equally often and the run is the same every time. The requests are formatted
-- once in init(); request() only hands them out, so wrk spends no time building them.
local PROJECT = "0605767d5d00d5762fd3c00d0b24be3d"   -- keep in sync with bench/world.lua
local JOBS = 10000

local requests = {}
local next_job = 1

function init(_args)  -- wrk passes the script's command-line arguments; unused
  local headers = { ["Accept"] = "application/json", ["X-Auth-Token"] = "bench-token" }
  for i = 1, JOBS do
    requests[i] = wrk.format("GET", string.format("/v1/%s/jobs/%032x", PROJECT, i), headers)
  end
  -- wrk runs init() once per thread, each in its own Lua state; `id` is set by setup() below.
  next_job = ((id or 0) * 997) % JOBS + 1
end

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function request()
  local r = requests[next_job]
  next_job = next_job % JOBS + 1
  return r
end
