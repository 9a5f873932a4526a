-- touch: applies an access ttl (ARGV[8]) to the live entry if its version is as expected.
-- Status 1 done, 0 absent, -1 conflict.
if conflict() then return reply(-1, 0, false) end
if ver == 0 then return reply(0, 0, false) end
if not PLAN then retime(expiry(tonumber(ARGV[8]), exp)) end
return reply(1, 0, false)
