-- wrk: a new session id (unknown to the store) in the cookie of every request.
local counter = 0
local prefix
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  prefix = string.format("w%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, {["Cookie"] = "PHPSESSID=" .. prefix .. "n" .. counter})
end
