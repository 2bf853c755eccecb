-- (a) resident submissions: a consultation from a different address each time (the server
-- trusts X-Forwarded-For from loopback in the benchmark), so per-address limits do not refuse them.
local district = os.getenv("BENCH_DISTRICT") or "1"
local counter = 0
math.randomseed(os.time())
request = function()
  counter = counter + 1
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local body = '{"kind":"consultation","content":"压测留言：夜间施工噪音扰民 ' .. counter .. '","districtId":' .. district .. '}'
  return wrk.format("POST", "/api/v1/public/messages", {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
