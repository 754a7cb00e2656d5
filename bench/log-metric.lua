-- wrk script for bench/tracking.mjs: POST runs/log-metric with a step that grows per request.
-- Usage: wrk -t1 -c16 -d5s -s bench/log-metric.lua http://127.0.0.1:PORT -- <run_id>
-- Each wrk thread has its own Lua state; steps are interleaved by thread id so no two
-- requests of a run log the same step.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local run_id
local step = 0
local stride = 1

function init(args)
  run_id = args[1]
  stride = tonumber(args[2] or "1")
  step = thread_id or 0
  wrk.method = "POST"
  wrk.path = "/api/2.0/mlflow/runs/log-metric"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  step = step + stride
  local body = string.format(
    '{"run_id":"%s","key":"loss","value":%.17g,"timestamp":%d,"step":%d}',
    run_id, math.random(), 1700000000000 + step, step)
  return wrk.format(nil, nil, nil, body)
end
