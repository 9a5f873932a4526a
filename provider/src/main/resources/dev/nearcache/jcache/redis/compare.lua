-- Conditional remove / replace on the stored bytes: ARGV[8] expected payload, ARGV[9] 'r' remove or
-- 's' set, ARGV[10] new payload (set), ARGV[11] update ttl (set), ARGV[12] access ttl applied when the
-- entry is present but not equal.
-- Status 3 removed, 2 replaced, 0 absent, 4 present but bytes differ (payload = current, version
-- returned so the caller can compare with equals() and retry by version), -1 conflict.
if conflict() then return reply(-1, 0, false) end
if ver == 0 then return reply(0, 0, false) end
local current = payload()
if current ~= ARGV[8] then
  if not PLAN then
    local access = tonumber(ARGV[12])
    if access ~= -2 then retime(expiry(access, exp)) end
  end
  return reply(4, 0, current)
end
if ARGV[9] == 'r' then
  if PLAN then return reply(3, 0, false) end
  delete()
  return reply(3, publish('d'), false)
end
if PLAN then return reply(2, 0, false) end
local newExp = expiry(tonumber(ARGV[11]), exp)
local seq = publish('w')
store(seq, newExp, ARGV[10])
ver, exp = seq, newExp
return reply(2, seq, false)
