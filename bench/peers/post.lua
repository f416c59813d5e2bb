-- A POST whose body, content type and optional Authorization come from the environment (BODY,
-- CONTENT_TYPE, AUTHORIZATION). Counts answers by status across wrk's threads and prints
-- "STATUS ok=N busy=N other=N seconds=S" at the end: logins beyond Gatehouse's hashing queue are
-- answered 503 and must not count as logins.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
local authorization = os.getenv("AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, busy, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    b = b + t:get("busy")
    x = x + t:get("other")
  end
  io.write(string.format("STATUS ok=%d busy=%d other=%d seconds=%.3f\n", o, b, x, summary.duration / 1e6))
end
