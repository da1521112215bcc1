-- GET /v1/access-keys/{id} for random ids of the seeded keys (from IDS), each id encoded as one
-- path segment: the ids are standard Base64 like the gateway's, so about half hold a '/'.
local token = os.getenv("TOKEN")
local ids = {}
for line in io.lines(os.getenv("IDS")) do
  ids[#ids + 1] = line:gsub("[^%w%-%._~+=@]", function(c) return string.format("%%%02X", string.byte(c)) end)
end
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
