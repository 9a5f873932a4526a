-- get: ARGV[8] access ttl code. Status S_HIT (payload), S_NONE miss, S_EXPIRED found expired (removed;
-- payload = old).
local access = tonumber(ARGV[8])
if ver == 0 then
  if expired and not PLAN then
    local old = payload()
    delete()
    return reply(S_EXPIRED, publish(K_EXPIRED), old)
  end
  return reply(S_NONE, 0, false)
end
local value = payload()
if access ~= -2 and not PLAN then retime(expiryAt(access, exp)) end
-- A hit reports the segment's current sequence number: the value is known current up to it.
return {S_HIT, tonumber(redis.call('GET', KEYS[2]) or '0'), ver, exp, value, NOW, CORRUPT and 1 or 0}
