-- Unconditional puts of several entries of ONE segment in one call (putAll).
-- KEYS[1] segment sequence, KEYS[2] segment index, KEYS[3..] entry keys.
-- ARGV[1] origin, ARGV[2] publish command, ARGV[3] channel, ARGV[4] grace ms, ARGV[5] create ttl,
-- ARGV[6] update ttl, ARGV[7] '1' = return old payloads, then for KEYS[2 + i]: ARGV[6 + 2i] its
-- encoded key and ARGV[7 + 2i] its payload.
-- The whole call is ONE change: the sequence number rises by one, every written entry takes it as
-- its version, and one message of kind 'M' lists the keys as <length>:<bytes>...
-- Returns one reply per key, as put.lua: {status, seq, version, expiry, old payload, expired, now}.
local ORIGIN, PUBCMD, CHANNEL = ARGV[1], ARGV[2], ARGV[3]
local GRACE = tonumber(ARGV[4])
local CREATE, UPDATE = tonumber(ARGV[5]), tonumber(ARGV[6])
local WANT_OLD = ARGV[7] == '1'
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local MICROS = clock[1] .. string.format('%06d', tonumber(clock[2]))

local function expiry(code, old)
  if code == -2 then return old end
  if code == -1 then return -1 end
  return NOW + code
end

local seq = redis.call('INCR', KEYS[1])
local out = {}
local members = {}
for i = 3, #KEYS do
  local key, member, value = KEYS[i], ARGV[2 * i + 2], ARGV[2 * i + 3]
  local raw = redis.call('GET', key)
  local live, exp = false, -1
  if raw then
    local _, e = struct.unpack('>dd', raw)
    if not (e >= 0 and e <= NOW) then live, exp = true, e end
  end
  local newExp
  if live then newExp = expiry(UPDATE, exp) else newExp = expiry(CREATE, -1) end
  if (not live) and newExp >= 0 and newExp <= NOW then
    -- A zero creation duration: not added.
    out[#out + 1] = {0, 0, 0, -1, false, 0, NOW}
  else
    local data = struct.pack('>dd', seq, newExp) .. value
    if newExp < 0 then
      redis.call('SET', key, data)
      redis.call('ZADD', KEYS[2], 'inf', member)
    elseif newExp + GRACE <= NOW then
      redis.call('DEL', key)
      redis.call('ZREM', KEYS[2], member)
    else
      redis.call('SET', key, data, 'PXAT', newExp + GRACE)
      redis.call('ZADD', KEYS[2], newExp + GRACE, member)
    end
    local old = false
    if live and WANT_OLD then old = string.sub(raw, 17) end
    out[#out + 1] = {live and 2 or 1, seq, seq, newExp, old, 0, NOW}
  end
  members[#members + 1] = #member .. ':' .. member
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. NOW)
redis.call(PUBCMD, CHANNEL, seq .. '|' .. ORIGIN .. '|M|' .. MICROS .. '|' .. table.concat(members))
return out
