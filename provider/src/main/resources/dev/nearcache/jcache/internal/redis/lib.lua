-- The library every script starts with (after the constants LuaConstants generates): the server's
-- clock, the write deadline, the entry format, expiry codes, change messages and access expiry.
-- One copy of each rule, so that single-key and bulk scripts cannot drift apart.

-- The server's clock: ms (decisions) and µs as text (messages; a Lua number would print in
-- exponent form). Expiry decisions use this server's clock, never a client's.
local function serverClock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), t[1] .. string.format('%06d', tonumber(t[2]))
end

-- A write the client gave up on may sit in a stalled socket and reach Redis later; past its
-- deadline (server ms; 0 = none) it is refused with error NCFENCED and changes nothing, so a write
-- the caller saw fail is never applied after a newer one (docs/consistency.md, "Fenced writes").
local function fenceError(deadline, now)
  if deadline > 0 and now > deadline then
    return redis.error_reply('NCFENCED ' .. string.format('%.0f', now - deadline))
  end
  return nil
end

-- An entry is a string: struct '>dd' (version, logical expiry ms or -1 for eternal), then the
-- payload. header() returns version and expiry, or nil when the bytes at an entry key are not an
-- entry (a key of another type, a short or garbled string: written by someone else, absent to us):
-- the version must be a positive whole number, the expiry -1 or a whole number of ms.
local function header(raw)
  if type(raw) ~= 'string' or #raw < 16 then return nil end
  local v, e = struct.unpack('>dd', raw)
  if v >= 1 and v < 9007199254740992 and v == math.floor(v) and (e == -1 or (e >= 0 and e == math.floor(e))) then
    return v, e
  end
  return nil
end

-- An expiry code: -1 eternal, -2 unchanged (keep old), n >= 0 milliseconds from now.
local function expiry(code, old, now)
  if code == -2 then return old end
  if code == -1 then return -1 end
  return now + code
end

-- A change message: seq|origin|kind|server µs|body. Every change bumps its segment's sequence in
-- the same script that publishes it, so a segment's messages leave Redis in sequence order.
local function changeMessage(seq, origin, kind, micros, body)
  return seq .. '|' .. origin .. '|' .. kind .. '|' .. micros .. '|' .. body
end

-- Moves only the logical expiry of a live entry (access-based expiry; version unchanged): the key
-- lives grace ms past it, the index scores it by when Redis drops the key, and an expiry already
-- past the grace removes the entry. Returns true when the entry's life got shorter: that must reach
-- other nodes' near tiers (a longer one is harmless to miss).
local function retimeEntry(key, index, member, oldExp, newExp, grace, now)
  if newExp == oldExp then return false end
  if newExp >= 0 and newExp + grace <= now then
    redis.call('DEL', key)
    redis.call('ZREM', index, member)
  else
    redis.call('SETRANGE', key, 8, struct.pack('>d', newExp))
    if newExp < 0 then
      redis.call('PERSIST', key)
      redis.call('ZADD', index, 'inf', member)
    else
      redis.call('PEXPIREAT', key, newExp + grace)
      redis.call('ZADD', index, newExp + grace, member)
    end
  end
  return newExp >= 0 and (oldExp < 0 or newExp < oldExp)
end
