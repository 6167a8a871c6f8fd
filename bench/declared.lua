-- wrk script: GETs of the declared endpoint of bench/declared.world.lua, spread over 10,000 server ids.
--   wrk -t1 -c32 -d10s --latency -s bench/declared.lua http://127.0.0.1:PORT
local PROJECT = "0605767d5d00d5762fd3c00d0b24be3d"
local SERVERS = 10000

local requests = {}
local next_server = 1

function init(_args)
  local headers = { ["Accept"] = "application/json", ["X-Auth-Token"] = "bench-token" }
  for i = 1, SERVERS do
    requests[i] = wrk.format("GET", string.format("/v1/%s/cloudservers/%032x", PROJECT, i), headers)
  end
  next_server = ((id or 0) * 997) % SERVERS + 1
end

function request()
  local r = requests[next_server]
  next_server = next_server % SERVERS + 1
  return r
end
