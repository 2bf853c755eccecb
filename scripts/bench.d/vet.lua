-- (g) vetting matters (POST, durable), as the station's chief: each id of BENCH_IDS_FILE
-- once, the threads taking turns; a thread that runs out of ids stops.
local token = os.getenv("BENCH_TOKEN")
local threads = 0
-- thread_id and thread_count are set in each thread's globals by setup.
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
  thread:set("thread_count", 2)
end
local ids = nil
local next_index = 0
request = function()
  if ids == nil then
    ids = {}
    local line_number = 0
    for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
      if line_number % thread_count == thread_id - 1 then ids[#ids + 1] = line end
      line_number = line_number + 1
    end
  end
  next_index = next_index + 1
  if next_index > #ids then
    wrk.thread:stop()
    next_index = #ids
  end
  local body = '{"ledger":"complaint","version":1}'
  return wrk.format("POST", "/api/v1/matters/" .. ids[next_index] .. "/vet",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
