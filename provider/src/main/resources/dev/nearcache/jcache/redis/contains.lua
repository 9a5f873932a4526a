-- containsKey: status 1 present, 0 absent. Changes nothing.
return reply(ver ~= 0 and 1 or 0, 0, false)
