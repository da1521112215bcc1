-- GET /v1/access-keys/{id} for random ids of the seeded keys (from IDS).
local token = os.getenv("TOKEN")
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 31 + (tid or 0))
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token }
  return wrk.format("GET", "/v1/access-keys/" .. ids[math.random(1, #ids)], headers, nil)
end

dofile(os.getenv("WRK_DIR") .. "/report.lua")
