-- wrk script for bench/lib/load.ts. WRK_MODE: static (the same request every time, built once
-- by wrk), refresh (follow rotating refresh-token chains) or login (cycle over login bodies).
-- WRK_FEED names a file with one token or one JSON body per line. Prints one `RESULT {json}`
-- line when the run ends.
local mode = os.getenv('WRK_MODE') or 'static'
wrk.method = os.getenv('WRK_METHOD') or 'GET'

local feed = {}
local feedPath = os.getenv('WRK_FEED')
if feedPath then
  for line in io.lines(feedPath) do feed[#feed + 1] = line end
end

if mode == 'refresh' then
  -- A pool of tokens nobody has presented yet: a request takes one, its answer gives the
  -- successor back. wrk sends a connection's next request only after the answer, so the pool
  -- never runs dry; if it did, the token sent is refused and shows up as non-2xx.
  local head, tail = 1, #feed
  function request()
    local token = 'pool-exhausted'
    if head <= tail then
      token = feed[head]
      feed[head] = nil
      head = head + 1
    end
    return wrk.format(nil, nil, nil, '{"refreshToken":"' .. token .. '"}')
  end
  -- The successor is sliced out of the ~1.3 KB answer rather than parsed: the load generator
  -- shares the server's two cores, so its work is kept small.
  local field = '"refreshToken":"'
  function response(status, headers, body)
    if status ~= 200 then return end
    local _, fieldEnd = string.find(body, field, 1, true)
    if not fieldEnd then return end
    local closing = string.find(body, '"', fieldEnd + 1, true)
    tail = tail + 1
    feed[tail] = string.sub(body, fieldEnd + 1, closing - 1)
  end
elseif mode == 'login' then
  local next = 0
  function request()
    next = next % #feed + 1
    return wrk.format(nil, nil, nil, feed[next])
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
