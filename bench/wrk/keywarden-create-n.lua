-- keywarden-create.lua, but each wrk thread stops after LIMIT_PER_THREAD answers: a burst of about
-- threads x LIMIT_PER_THREAD creates, as fast as the connections go (bench/events.sh).
dofile(os.getenv("WRK_DIR") .. "/keywarden-create.lua")
local limit = tonumber(os.getenv("LIMIT_PER_THREAD") or "1000")
local answered = 0

function response(status, headers, body)
  answered = answered + 1
  if answered >= limit then
    wrk.thread:stop()
  end
end
