-- put: ARGV[8] payload, ARGV[9] create ttl, ARGV[10] update ttl, ARGV[11] '1' = return old payload,
-- ARGV[12] '1' = only if absent (putIfAbsent), ARGV[13] '1' = only if present (replace),
-- ARGV[14] '1' = the change message carries the value (small enough, see RedisStore).
-- Status: S_CREATED, S_UPDATED, S_NONE nothing (absent for replace, zero creation ttl), S_PRESENT
-- (putIfAbsent found one), S_CONFLICT.
if conflict() then return reply(S_CONFLICT, 0, false) end
local wantOld = ARGV[11] == '1'
-- Only a value that stays stored travels in the message; otherwise the others just drop theirs.
local function writeMessage(newExp)
  if ARGV[14] == '1' and (newExp < 0 or newExp > NOW) then
    return publishValue(newExp, ARGV[8])
  end
  return publish(K_WRITE)
end
if ver ~= 0 then
  if ARGV[12] == '1' then return reply(S_PRESENT, 0, false) end
  local old = wantOld and payload() or false
  if PLAN then return reply(S_UPDATED, 0, old) end
  local newExp = expiryAt(tonumber(ARGV[10]), exp)
  local seq = writeMessage(newExp)
  store(seq, newExp, ARGV[8])
  ver, exp = seq, newExp
  return reply(S_UPDATED, seq, old)
end
if ARGV[13] == '1' then return reply(S_NONE, 0, false) end
local newExp = expiryAt(tonumber(ARGV[9]), -1)
if newExp >= 0 and newExp <= NOW then return reply(S_NONE, 0, false) end
if PLAN then return reply(S_CREATED, 0, false) end
local seq = writeMessage(newExp)
store(seq, newExp, ARGV[8])
ver, exp = seq, newExp
return reply(S_CREATED, seq, false)
