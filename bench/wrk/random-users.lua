-- wrk script: GET /recommend/<random user of the reference scale> for every request.
math.randomseed(42)
request = function()
  return wrk.format("GET", "/recommend/" .. math.random(0, 999999))
end
