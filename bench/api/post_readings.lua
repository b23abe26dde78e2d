-- 100 readings per POST (100 stations × 1 reading), every body distinct: each wrk thread has its own
-- stations and each request its own minute, so no request repeats another's (series, time).
local thread_count = 0
local counter = 0
local key = os.getenv("BENCH_KEY") or ""

-- `prefix` is a global of each thread's own Lua state, set here before the thread starts (a local
-- of the same name would hide it, and every thread would repeat the first one's readings).
function setup(thread)
  thread:set("prefix", "t" .. thread_count)
  thread_count = thread_count + 1
end

function request()
  counter = counter + 1
  local t = 1767225600000 + counter * 60000 -- 2026-01-01 + one minute per request
  local parts = {}
  for s = 0, 99 do
    local lat = 48.5 + (s % 10) * 0.01
    local lng = 2.0 + math.floor(s / 10) * 0.01
    parts[#parts + 1] = string.format(
      '{"variable":"pm25","value":%d.%d,"observedAt":%d,"lat":%.4f,"lng":%.4f,"stationId":"%s-%d"}',
      10 + (counter + s) % 30, s % 10, t, lat, lng, prefix, s)
  end
  local body = "[" .. table.concat(parts, ",") .. "]"
  return wrk.format("POST", "/api/v1/observations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
