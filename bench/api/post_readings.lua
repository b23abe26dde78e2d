-- 100 readings per POST (100 stations × 1 reading), every body distinct: each wrk thread has its own
-- stations and each request its own minute, so no request repeats another's (series, time).
--
-- The load generator shares the 2 cores with the server it measures, so a body is assembled from pieces
-- made once per thread (each station's position and id, the 300 values): a request only joins 400
-- strings. Formatting every reading with string.format, as this script first did, made wrk use twice the
-- CPU (0.14 of a core against 0.07 at 2,300 requests/s), taken from the server under test; the bodies
-- are byte for byte the same as before.
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

-- Made on the thread's first request (its `prefix` is known by then).
local values, stations, pieces, headers

local function prepare()
  -- The value of station s in request n is values[(n + s) % 30 * 10 + s % 10]: 10.0 to 39.9.
  values = {}
  for whole = 0, 29 do
    for tenth = 0, 9 do values[whole * 10 + tenth] = string.format("%d.%d", 10 + whole, tenth) end
  end
  -- What follows the time in each station's reading, per station set: 10 × 10 stations 0.01° apart.
  stations = {}
  for set = 0, sets - 1 do
    local station = sets > 1 and (prefix .. "." .. set) or prefix
    stations[set] = {}
    for s = 0, 99 do
      stations[set][s] = string.format(',"lat":%.4f,"lng":%.4f,"stationId":"%s-%d"}',
        48.5 + (s % 10) * 0.01, 2.0 + math.floor(s / 10) * 0.01, station, s)
    end
  end
  -- Four pieces per reading: its opening (with the separator), value, time and station.
  pieces = {}
  for s = 0, 99 do pieces[s * 4 + 1] = (s == 0 and "[" or ",") .. '{"variable":"pm25","value":' end
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
end

function request()
  if not pieces then prepare() end
  counter = counter + 1
  local time = ',"observedAt":' .. (1767225600000 + counter * 60000) -- 2026-01-01 + one minute per request
  local station = stations[sets > 1 and (counter % sets) or 0]
  for s = 0, 99 do
    pieces[s * 4 + 2] = values[(counter + s) % 30 * 10 + s % 10]
    pieces[s * 4 + 3] = time
    pieces[s * 4 + 4] = station[s]
  end
  return wrk.format("POST", "/api/v1/observations", headers, table.concat(pieces) .. "]")
end
