-- remove: ARGV[8] '1' = return old payload. Status 3 removed, 0 absent, -1 conflict.
if conflict() then return reply(-1, 0, false) end
if ver == 0 then return reply(0, 0, false) end
local old = ARGV[8] == '1' and payload() or false
if PLAN then return reply(3, 0, old) end
delete()
return reply(3, publish('d'), old)
