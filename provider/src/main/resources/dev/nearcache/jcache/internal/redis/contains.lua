-- containsKey: status S_HIT present, S_NONE absent. Changes nothing (but garbage at the key, removed).
return reply(ver ~= 0 and S_HIT or S_NONE, 0, false)
