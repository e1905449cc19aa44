-- wrk script for bench/promises.sh: POST /v1/promises with the cookie-gift
-- request (3 services, the Christmas event). The key and the warehouse id come
-- from the environment.
local key = os.getenv("FOREWARN_BENCH_KEY")
local warehouse = os.getenv("FOREWARN_BENCH_WAREHOUSE")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"warehouse_id":"' .. warehouse .. '",' ..
  '"destination":{"postal_code":"10025","country":"US"},' ..
  '"order_time":"2026-12-18T15:00:00-05:00",' ..
  '"services":["ups-ground","ups-2nd-day-air","ups-next-day-air"],' ..
  '"events":["Christmas"],"locale":"en"}'

-- No response() callback: a Lua call per response costs wrk CPU on the same
-- cores as the server; wrk counts non-2xx responses itself.
