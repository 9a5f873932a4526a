-- remove: ARGV[8] '1' = return old payload. Status S_REMOVED, S_NONE absent, S_CONFLICT.
if conflict() then return reply(S_CONFLICT, 0, false) end
if ver == 0 then return reply(S_NONE, 0, false) end
local old = ARGV[8] == '1' and payload() or false
if PLAN then return reply(S_REMOVED, 0, old) end
delete()
return reply(S_REMOVED, publish(K_DELETE), old)
