-- GET of BENCH_PATH with the API key (both servers get the same header).
local key = os.getenv("BENCH_KEY") or ""
local path = os.getenv("BENCH_PATH") or "/healthz"
function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
end
