-- POST /v1/access-keys through keywarden, a fresh Idempotency-Key per request.
local run = os.getenv("RUN_ID") or tostring(os.time())
local token = os.getenv("TOKEN")
local users = tonumber(os.getenv("USERS") or "1000")
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() + (tid or 0))
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. (tid or 0) .. "-" .. counter,
  }
  local body = '{"userName":"bench-c' .. ((counter * 7 + (tid or 0)) % users) .. '","description":"benchmark"}'
  return wrk.format("POST", "/v1/access-keys", headers, body)
end

dofile(os.getenv("WRK_DIR") .. "/report.lua")
