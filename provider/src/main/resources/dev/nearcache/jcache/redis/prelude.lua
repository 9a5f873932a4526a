-- Shared head of every single-key script (see DESIGN.md §3-4 and docs/redis-layout.md).
-- KEYS[1] entry key, KEYS[2] segment sequence counter, KEYS[3] segment index (zset of encoded keys)
-- ARGV[1] origin node id, ARGV[2] publish command (SPUBLISH or PUBLISH), ARGV[3] segment channel,
-- ARGV[4] encoded key (index member, carried in the change message), ARGV[5] grace in ms that the
-- key outlives its logical expiry (so an access can still report it as expired),
-- ARGV[6] expected version (-1 any, 0 absent, n exact), ARGV[7] 'p' = plan only: report, change
-- nothing; otherwise the deadline in server ms after which the script must change nothing ('0' =
-- none: reads). A write the client gave up on may sit in a stalled socket and reach Redis later;
-- past its deadline it is refused (error NCFENCED), so a write the caller saw fail is never applied
-- after a newer one (fencing, docs/consistency.md).
-- An entry is a string: struct '>dd' (version, logical expiry ms or -1 for eternal) then the payload.
-- Expiry decisions use this server's clock, never the client's.
local ORIGIN, PUBCMD, CHANNEL, MEMBER = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local GRACE = tonumber(ARGV[5])
local EXPECT = tonumber(ARGV[6])
local PLAN = ARGV[7] == 'p'
local DEADLINE = PLAN and 0 or tonumber(ARGV[7])
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
if DEADLINE > 0 and NOW > DEADLINE then
  return redis.error_reply('NCFENCED ' .. string.format('%.0f', NOW - DEADLINE))
end
-- Server time in microseconds, as text (a Lua number would print in exponent form).
local MICROS = clock[1] .. string.format('%06d', tonumber(clock[2]))

local function delete()
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], MEMBER)
end

-- An entry's header (version, expiry), or nil when the bytes at an entry key are not an entry: an
-- entry is a string of at least the header, whose version is a positive whole number and whose
-- expiry is -1 or a whole number of ms. Anything else (a key of another type, a short or garbled
-- string) was written by someone else and counts as absent.
local function header(raw)
  if type(raw) ~= 'string' or #raw < 16 then return nil end
  local v, e = struct.unpack('>dd', raw)
  if v >= 1 and v < 9007199254740992 and v == math.floor(v) and (e == -1 or (e >= 0 and e == math.floor(e))) then
    return v, e
  end
  return nil
end

-- The live entry (ver 0 = absent or logically expired), and whether an expired one was found. Bytes
-- that are not an entry are removed (unless planning) and reported, so that the cache heals itself.
local RAW = redis.pcall('GET', KEYS[1])
local CORRUPT = false
local ver, exp, expired = 0, -1, false
if RAW then
  local v, e = header(RAW)
  if not v then
    RAW, CORRUPT = false, true
    if not PLAN then delete() end
  elseif e >= 0 and e <= NOW then
    expired = true
  else
    ver, exp = v, e
  end
end

local function payload()
  if RAW then return string.sub(RAW, 17) end
  return false
end

local function conflict()
  return EXPECT >= 0 and EXPECT ~= ver
end

-- Every change: bump the segment's sequence and publish {seq|origin|kind|micros|body} in the
-- same script, so messages leave Redis in seq order. The body is the key unless given. Kinds:
-- w write, u write with its value (below), d delete, x expired, a access shortened the entry's
-- life, C the segment was cleared.
local function publish(kind, body)
  local seq = redis.call('INCR', KEYS[2])
  redis.call(PUBCMD, CHANNEL, seq .. '|' .. ORIGIN .. '|' .. kind .. '|' .. MICROS .. '|' .. (body or MEMBER))
  return seq
end

-- A write that carries its value, so that nodes holding the key replace their copy instead of
-- dropping it: body {expiry ms or -1|<key length>:<key><payload>}. The new version is the seq,
-- as store() writes it.
local function publishValue(newExp, value)
  return publish('u', string.format('%.0f', newExp) .. '|' .. #MEMBER .. ':' .. MEMBER .. value)
end

-- ttl code: -1 eternal, -2 unchanged (keep old), n >= 0 milliseconds from now.
local function expiry(code, old)
  if code == -2 then return old end
  if code == -1 then return -1 end
  return NOW + code
end

-- Writes the entry with version = seq; the key lives GRACE ms past its logical expiry.
local function store(seq, newExp, value)
  local data = struct.pack('>dd', seq, newExp) .. value
  if newExp < 0 then
    redis.call('SET', KEYS[1], data)
    -- An eternal entry that stays eternal is indexed already, with the same score.
    if not (ver ~= 0 and exp < 0) then
      redis.call('ZADD', KEYS[3], 'inf', MEMBER)
    end
  elseif newExp + GRACE <= NOW then
    delete()
  else
    redis.call('SET', KEYS[1], data, 'PXAT', newExp + GRACE)
    redis.call('ZADD', KEYS[3], newExp + GRACE, MEMBER)
  end
  -- Index members whose keys Redis has already dropped are pruned as new keys arrive.
  if ver == 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. NOW)
  end
end

-- Moves only the logical expiry of the live entry (access-based expiry); version unchanged.
local function retime(newExp)
  if newExp == exp then return end
  if newExp >= 0 and newExp + GRACE <= NOW then
    delete()
  else
    redis.call('SETRANGE', KEYS[1], 8, struct.pack('>d', newExp))
    if newExp < 0 then
      redis.call('PERSIST', KEYS[1])
      redis.call('ZADD', KEYS[3], 'inf', MEMBER)
    else
      redis.call('PEXPIREAT', KEYS[1], newExp + GRACE)
      redis.call('ZADD', KEYS[3], newExp + GRACE, MEMBER)
    end
  end
  -- A shorter life must reach other nodes' near tiers; a longer one is harmless to miss.
  if newExp >= 0 and (exp < 0 or newExp < exp) then publish('a') end
  exp = newExp
end

-- Reply: {status, seq of this change (0 none), version, expiry, payload or false, expired flag,
-- server time in ms (lets a node turn the logical expiry into a local deadline), 1 if bytes that
-- were not an entry were found at the key}
local function reply(status, seq, value)
  return {status, seq, ver, exp, value, expired and 1 or 0, NOW, CORRUPT and 1 or 0}
end
