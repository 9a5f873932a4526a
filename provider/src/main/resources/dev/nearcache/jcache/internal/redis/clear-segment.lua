-- Clears one segment in slices: KEYS[1] segment sequence, KEYS[2] segment index.
-- ARGV[1] origin, ARGV[2] publish command, ARGV[3] channel, ARGV[4] entry key prefix of the segment,
-- ARGV[5] slice size, ARGV[6] '1' when the cache is being destroyed: once the segment is empty its
-- sequence counter goes too, ARGV[7] the write deadline in server ms (lib.lua's fenceError). Deletes up to a slice of entries (whatever type
-- their keys hold), publishes one 'C' (clear) message, returns how many index members remain.
local NOW, MICROS = serverClock()
local fenced = fenceError(tonumber(ARGV[7]), NOW)
if fenced then return fenced end
local members = redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[5]) - 1)
for i = 1, #members do
  redis.call('DEL', ARGV[4] .. members[i])
end
if #members > 0 then
  redis.call('ZREM', KEYS[2], unpack(members))
end
local seq = redis.call('INCR', KEYS[1])
redis.call(ARGV[2], ARGV[3], changeMessage(seq, ARGV[1], K_CLEARED, MICROS, ''))
local remaining = redis.call('ZCARD', KEYS[2])
if remaining == 0 and ARGV[6] == '1' then
  redis.call('DEL', KEYS[1])
end
return {remaining}
