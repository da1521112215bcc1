-- Signed CreateAccessKey form POSTs straight to the sandbox. The signature has no nonce, so the
-- pre-signed bodies (one per user, from BODIES) are sent again and again, cycling.
local path = os.getenv("BODIES")
local bodies = {}
for line in io.lines(path) do bodies[#bodies + 1] = line end
local index = 0

function setup(thread)
  thread:set("offset", math.random(1, #bodies))
end

function init(args)
  index = offset or 0
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function request()
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

dofile(os.getenv("WRK_DIR") .. "/report.lua")
