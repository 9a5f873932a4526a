-- One page of a segment's keys: KEYS[1] segment index, ARGV[1] cursor, ARGV[2] count.
-- Returns {next cursor, member, member, ...}; cursor '0' ends the scan.
local page = redis.call('ZSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
local out = {page[1]}
local items = page[2]
for i = 1, #items, 2 do
  out[#out + 1] = items[i]
end
return out
