-- wrk script for bench/sim_carrier.sh: GET the UPS Track API of
-- `forewarn sim-carrier` for its shipments in turn, with a bearer token.
local numbers = {}
local token = os.getenv("SIM_TOKEN")
for line in io.lines(os.getenv("SIM_NUMBERS")) do numbers[#numbers + 1] = line end
local i = math.random(#numbers)

request = function()
  i = i % #numbers + 1
  return wrk.format("GET", "/api/track/v1/details/" .. numbers[i] .. "?locale=en_US&returnSignature=false",
                    {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json"})
end
