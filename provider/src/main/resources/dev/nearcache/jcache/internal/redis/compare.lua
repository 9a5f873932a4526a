-- Conditional remove / replace on the stored bytes: ARGV[8] expected payload, ARGV[9] 'r' remove or
-- 's' set, ARGV[10] new payload (set), ARGV[11] update ttl (set), ARGV[12] access ttl applied when the
-- entry is present but not equal.
-- Status S_REMOVED, S_UPDATED replaced, S_NONE absent, S_NOT_EQUAL present but bytes differ (payload =
-- current, version returned so the caller can compare with equals() and retry by version), S_CONFLICT.
if conflict() then return reply(S_CONFLICT, 0, false) end
if ver == 0 then return reply(S_NONE, 0, false) end
local current = payload()
if current ~= ARGV[8] then
  if not PLAN then
    local access = tonumber(ARGV[12])
    if access ~= -2 then retime(expiryAt(access, exp)) end
  end
  return reply(S_NOT_EQUAL, 0, current)
end
if ARGV[9] == 'r' then
  if PLAN then return reply(S_REMOVED, 0, false) end
  delete()
  return reply(S_REMOVED, publish(K_DELETE), false)
end
if PLAN then return reply(S_UPDATED, 0, false) end
local newExp = expiryAt(tonumber(ARGV[11]), exp)
local seq = publish(K_WRITE)
store(seq, newExp, ARGV[10])
ver, exp = seq, newExp
return reply(S_UPDATED, seq, false)
