-- (f) registering a matter with one complainant (POST, durable), as the station's officer.
-- Every request a different summary and phone, so no two are the same matter.
local token = os.getenv("BENCH_TOKEN")
local counter = 0
local threads = 0
-- thread_id is set in each thread's globals by setup.
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
request = function()
  counter = counter + 1
  local n = thread_id * 10000000 + counter
  local body = '{"summary":"压测登记：小区门口夜间噪音 ' .. n .. '","details":"居民反映夜间施工噪音扰民","channel":"walkIn",'
    .. '"complainants":[{"name":"压测' .. n .. '","phone":"139' .. string.format("%08d", n % 100000000) .. '","address":"西一路' .. n .. '号"}]}'
  return wrk.format("POST", "/api/v1/matters", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
