-- touch: applies an access ttl (ARGV[8]) to the live entry if its version is as expected.
-- Status S_TOUCHED, S_NONE absent, S_CONFLICT.
if conflict() then return reply(S_CONFLICT, 0, false) end
if ver == 0 then return reply(S_NONE, 0, false) end
if not PLAN then retime(expiryAt(tonumber(ARGV[8]), exp)) end
return reply(S_TOUCHED, 0, false)
