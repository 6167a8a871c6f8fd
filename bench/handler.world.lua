-- The benchmark's Lua-function endpoint: `harness serve bench/handler.world.lua`, polled by bench/declared.lua
-- (the same path as bench/declared.world.lua). The same answers as the declared endpoint there, each server
-- id BUILD, then ACTIVE for good, but computed per request by a Lua function on the main thread: bench/run.sh
-- compares its req/s with the baseline's.
local polls = {} -- server id -> GETs so far

fake.endpoint {
  path = "/v1/{project_id}/cloudservers/{server_id}", service = "ecs",
  handler = function(req)
    local id = req.params.server_id
    local seen = (polls[id] or 0) + 1
    polls[id] = seen
    return { body = { server = { id = id, status = seen == 1 and "BUILD" or "ACTIVE", tenant_id = req.params.project_id,
                                 name = "bench-server", flavor = { id = "s3.small.1" } } } }
  end,
}
