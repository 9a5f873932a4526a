-- get: ARGV[8] access ttl code. Status 1 hit (payload), 0 miss, 7 found expired (removed; payload = old).
local access = tonumber(ARGV[8])
if ver == 0 then
  if expired and not PLAN then
    local old = payload()
    delete()
    return reply(7, publish('x'), old)
  end
  return reply(0, 0, false)
end
local value = payload()
if access ~= -2 and not PLAN then retime(expiry(access, exp)) end
-- A hit reports the segment's current sequence number: the value is known current up to it.
return {1, tonumber(redis.call('GET', KEYS[2]) or '0'), ver, exp, value, 0, NOW}
