-- 100 readings per POST (100 stations × 1 reading), every body distinct: each wrk thread has its own
-- stations and each request its own minute, so no request repeats another's (series, time).
local thread_count = 0
local counter = 0
local key = os.getenv("BENCH_KEY") or ""
-- BENCH_PREFIX names this run's stations, so that runs against one database write new rows each time.
local run = os.getenv("BENCH_PREFIX") or ""
-- BENCH_STATION_SETS > 1 rotates each thread's requests over that many sets of 100 stations, so that
-- concurrent requests of one thread write different series (PostgreSQL locks a series' row while a
-- batch writes it: with one set, a thread's requests wait for each other whatever the server).
local sets = tonumber(os.getenv("BENCH_STATION_SETS") or "1")

-- `prefix` is a global of each thread's own Lua state, set here before the thread starts (a local
-- of the same name would hide it, and every thread would repeat the first one's readings).
function setup(thread)
  thread:set("prefix", run .. "t" .. thread_count)
  thread_count = thread_count + 1
end

function request()
  counter = counter + 1
  local t = 1767225600000 + counter * 60000 -- 2026-01-01 + one minute per request
  local parts = {}
  local station = sets > 1 and (prefix .. "." .. (counter % sets)) or prefix
  for s = 0, 99 do
    local lat = 48.5 + (s % 10) * 0.01
    local lng = 2.0 + math.floor(s / 10) * 0.01
    parts[#parts + 1] = string.format(
      '{"variable":"pm25","value":%d.%d,"observedAt":%d,"lat":%.4f,"lng":%.4f,"stationId":"%s-%d"}',
      10 + (counter + s) % 30, s % 10, t, lat, lng, station, s)
  end
  local body = "[" .. table.concat(parts, ",") .. "]"
  return wrk.format("POST", "/api/v1/observations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
