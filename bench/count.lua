-- wrk script: the session cookie as in session.lua, and each thread stops
-- after exactly N responses, so that a run makes a known number of requests.
-- Arguments after "--": N and a directory where each thread leaves a file
-- when it is done (wrk itself waits out -d; bench/run interrupts it then).
-- Prints how many responses were counted and how many were not 200.
local cookie = os.getenv("SLATE_BENCH_COOKIE")
if cookie == nil or cookie == "" then
   error("SLATE_BENCH_COOKIE is not set")
end
wrk.headers["Cookie"] = cookie

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   limit = tonumber(args[1]) or 50000
   marks = args[2]
   count = 0
   bad = 0
end

function response(status, headers, body)
   -- Responses that arrive in the same turn of the loop after stop() are
   -- not counted.
   if count >= limit then
      return
   end
   count = count + 1
   if status ~= 200 then
      bad = bad + 1
   end
   if count == limit then
      if marks then
         local f = io.open(marks .. "/done." .. id, "w")
         if f then
            f:close()
         end
      end
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local total, notok = 0, 0
   for _, thread in ipairs(threads) do
      total = total + thread:get("count")
      notok = notok + thread:get("bad")
   end
   io.write(string.format("counted: %d responses, %d not 200\n", total, notok))
end
