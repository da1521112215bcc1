-- GET /v1/access-keys?limit=1 as a client whose scope holds a handful of the seeded keys, all
-- newer than the other million: the scope is the whole filter.
local token = os.getenv("NARROW_TOKEN")

function request()
  return wrk.format("GET", "/v1/access-keys?limit=1", { ["Authorization"] = "Bearer " .. token }, nil)
end

dofile(os.getenv("WRK_DIR") .. "/report.lua")
