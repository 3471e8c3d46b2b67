-- wrk: 500 session ids, reused round robin (each read back many times).
local counter = 0
local prefix
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  prefix = string.format("r%08x", math.random(0, 0x7fffffff))
end
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, {["Cookie"] = "PHPSESSID=" .. prefix .. "n" .. (counter % 500)})
end
