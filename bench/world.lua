-- The benchmark's world: 10,000 SDRS jobs for `harness serve bench/world.lua`, polled by bench/polling.lua.
--
-- Deterministic: job i (1..10000) has job_id string.format("%032x", i) in project PROJECT, so wrk can compute
-- every path without asking the fake. Four timeline shapes by i % 4, two to eight states long, ending in SUCCESS
-- or FAIL; once a job reaches its last state it stays there, so a long run serves mostly terminal bodies.
local PROJECT = "0605767d5d00d5762fd3c00d0b24be3d"   -- keep in sync with bench/polling.lua
local JOBS = 10000

local shapes = {
  [0] = { job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "RUNNING", "SUCCESS" } },
  [1] = { job_type = "startProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } },
  [2] = { job_type = "stopProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "FAIL" },
          error_code = "SDRS.0406", fail_reason = "Failed to stop the protection group." },
  [3] = { job_type = "deleteProtectionGroupNoCG",
          timeline = { "INIT", "INIT", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "SUCCESS" } },
}

for i = 1, JOBS do
  local shape = shapes[i % 4]
  fake.job {
    project_id = PROJECT,
    job_id = string.format("%032x", i),
    job_type = shape.job_type,
    timeline = shape.timeline,
    error_code = shape.error_code,
    fail_reason = shape.fail_reason,
    entities = { server_group_id = string.format("%08x-0000-4000-8000-%012x", i, i) },
  }
end
