-- wrk script: every request carries the session cookie of a signed-in staff
-- member, taken from the environment (bench/run sets SLATE_BENCH_COOKIE).
local cookie = os.getenv("SLATE_BENCH_COOKIE")
if cookie == nil or cookie == "" then
   error("SLATE_BENCH_COOKIE is not set")
end
wrk.headers["Cookie"] = cookie
