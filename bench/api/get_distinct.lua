-- GET of BENCH_PATH with its "{end}" replaced by a different minute on each request (counting back from
-- 2025-01-01T00:00:00Z), so no two requests of a run ask the same question and no answer can be reused.
local key = os.getenv("BENCH_KEY") or ""
local path = os.getenv("BENCH_PATH") or "/healthz"
local base = 1735689600 -- 2025-01-01T00:00:00Z
local counter = 0
function setup(thread)
  thread:set("offset", counter * 1000000)
  counter = counter + 1
end
local n = 0
function request()
  n = n + 1
  local minute = ((offset or 0) + n) % 200000
  local stamp = os.date("!%Y-%m-%dT%H:%M:00Z", base - minute * 60)
  return wrk.format("GET", path:gsub("{end}", stamp), { ["Authorization"] = "Bearer " .. key })
end
