-- The benchmark's declared endpoint: `harness serve bench/declared.world.lua`, polled by bench/declared.lua.
-- An endpoint the fake does not know (ECS-like servers), declared with fake.endpoint: each server id goes
-- BUILD, then ACTIVE for good, with its id filled in from the path. bench/run.sh compares its req/s with the
-- baseline's, as it does for the built-in job status.
fake.endpoint {
  path = "/v1/{project_id}/cloudservers/{server_id}", service = "ecs",
  answers = {
    { body = { server = { id = "{server_id}", status = "BUILD", tenant_id = "{project_id}",
                          name = "bench-server", flavor = { id = "s3.small.1" } } } },
    { body = { server = { id = "{server_id}", status = "ACTIVE", tenant_id = "{project_id}",
                          name = "bench-server", flavor = { id = "s3.small.1" } } } },
  },
}
