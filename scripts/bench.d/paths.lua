-- GETs a path from BENCH_PATHS (separated by '|'), round robin, with the bearer token.
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/healthz", "[^|]+") do paths[#paths + 1] = p end
local token = os.getenv("BENCH_TOKEN")
local i = 0
request = function()
  i = i % #paths + 1
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", paths[i], headers)
end
