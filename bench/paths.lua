-- wrk script for bench/scale: every request carries the session cookie
-- (SLATE_BENCH_COOKIE, when set) and asks for the next path of a file, one
-- path a line (the argument after "--"); each thread starts at another
-- place in the list. Responses other than 200 are counted. At the end it
-- prints one line:
--   figures: REQUESTS RATE P50_MS P95_MS P99_MS NOT_200 ERRORS
local cookie = os.getenv("SLATE_BENCH_COOKIE")
if cookie ~= nil and cookie ~= "" then
   wrk.headers["Cookie"] = cookie
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   paths = {}
   local f = assert(io.open(args[1], "r"))
   for line in f:lines() do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   f:close()
   if #paths == 0 then
      error("no paths in " .. args[1])
   end
   -- Threads start apart from each other in the list.
   next_path = ((id - 1) * 7919) % #paths
   bad = 0
end

function request()
   next_path = next_path % #paths + 1
   return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
   if status ~= 200 then
      bad = bad + 1
   end
end

function done(summary, latency, requests)
   local notok = 0
   for _, thread in ipairs(threads) do
      notok = notok + thread:get("bad")
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format("figures: %d %.1f %.2f %.2f %.2f %d %d\n",
      summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, notok,
      e.connect + e.read + e.write + e.status + e.timeout))
end
