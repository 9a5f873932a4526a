-- Shared head of every single-key script (docs/design.md, "Data in Redis" and "Write protocol";
-- docs/redis-layout.md).
-- KEYS[1] entry key, KEYS[2] segment sequence counter, KEYS[3] segment index (zset of encoded keys)
-- ARGV[1] origin node id, ARGV[2] publish command (SPUBLISH or PUBLISH), ARGV[3] segment channel,
-- ARGV[4] encoded key (index member, carried in the change message), ARGV[5] grace in ms that the
-- key outlives its logical expiry (so an access can still report it as expired),
-- ARGV[6] expected version (-1 any, 0 absent, n exact), ARGV[7] 'p' = plan only: report, change
-- nothing; otherwise the write deadline in server ms (lib.lua's fenceError; '0' = none: reads).
local ORIGIN, PUBCMD, CHANNEL, MEMBER = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local GRACE = tonumber(ARGV[5])
local EXPECT = tonumber(ARGV[6])
local PLAN = ARGV[7] == 'p'
local DEADLINE = PLAN and 0 or tonumber(ARGV[7])
local NOW, MICROS = serverClock()
local fenced = fenceError(DEADLINE, NOW)
if fenced then return fenced end

local function delete()
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], MEMBER)
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

-- Every change: bump the segment's sequence and publish its message (lib.lua's changeMessage);
-- the body is the key unless given.
local function publish(kind, body)
  local seq = redis.call('INCR', KEYS[2])
  redis.call(PUBCMD, CHANNEL, changeMessage(seq, ORIGIN, kind, MICROS, body or MEMBER))
  return seq
end

-- A write that carries its value, so that nodes holding the key replace their copy instead of
-- dropping it: body {expiry ms or -1|<key length>:<key><payload>}. The new version is the seq,
-- as store() writes it.
local function publishValue(newExp, value)
  return publish(K_WRITE_WITH_VALUE, string.format('%.0f', newExp) .. '|' .. #MEMBER .. ':' .. MEMBER .. value)
end

-- An expiry code (lib.lua) against this script's now.
local function expiryAt(code, old)
  return expiry(code, old, NOW)
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

-- Moves only the logical expiry of the live entry (access-based expiry; lib.lua's retimeEntry).
local function retime(newExp)
  if retimeEntry(KEYS[1], KEYS[3], MEMBER, exp, newExp, GRACE, NOW) then publish(K_ACCESS_SHORTENED) end
  exp = newExp
end

-- Reply: {status, seq of this change (0 none), version, expiry, payload or false, server time in
-- ms (lets a node turn the logical expiry into a local deadline), 1 if bytes that were not an
-- entry were found at the key}
local function reply(status, seq, value)
  return {status, seq, ver, exp, value, NOW, CORRUPT and 1 or 0}
end
