-- Reads several entries of ONE segment in one call (getAll, iteration).
-- KEYS[1] segment sequence, KEYS[2] segment index, KEYS[3..] entry keys.
-- ARGV[1] origin, ARGV[2] publish command, ARGV[3] channel, ARGV[4] grace ms, ARGV[5] access ttl
-- code (-2 unchanged, -1 eternal, n ms), ARGV[5 + i] the encoded key of KEYS[2 + i].
-- Returns one reply per key, as get.lua: {status, seq, version, expiry, payload, expired, now}.
local ORIGIN, PUBCMD, CHANNEL = ARGV[1], ARGV[2], ARGV[3]
local GRACE = tonumber(ARGV[4])
local ACCESS = tonumber(ARGV[5])
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local MICROS = clock[1] .. string.format('%06d', tonumber(clock[2]))
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')

local function publish(kind, member)
  seq = redis.call('INCR', KEYS[1])
  redis.call(PUBCMD, CHANNEL, seq .. '|' .. ORIGIN .. '|' .. kind .. '|' .. MICROS .. '|' .. member)
end

local out = {}
for i = 3, #KEYS do
  local key, member = KEYS[i], ARGV[i + 3]
  local raw = redis.call('GET', key)
  if not raw then
    out[#out + 1] = {0, 0, 0, -1, false, 0, NOW}
  else
    local ver, exp = struct.unpack('>dd', raw)
    if exp >= 0 and exp <= NOW then
      redis.call('DEL', key)
      redis.call('ZREM', KEYS[2], member)
      publish('x', member)
      out[#out + 1] = {7, seq, 0, -1, string.sub(raw, 17), 1, NOW}
    else
      if ACCESS ~= -2 then
        local newExp = -1
        if ACCESS >= 0 then newExp = NOW + ACCESS end
        if newExp ~= exp then
          if newExp >= 0 and newExp + GRACE <= NOW then
            redis.call('DEL', key)
            redis.call('ZREM', KEYS[2], member)
          else
            redis.call('SETRANGE', key, 8, struct.pack('>d', newExp))
            if newExp < 0 then
              redis.call('PERSIST', key)
              redis.call('ZADD', KEYS[2], 'inf', member)
            else
              redis.call('PEXPIREAT', key, newExp + GRACE)
              redis.call('ZADD', KEYS[2], newExp + GRACE, member)
            end
          end
          if newExp >= 0 and (exp < 0 or newExp < exp) then publish('a', member) end
          exp = newExp
        end
      end
      out[#out + 1] = {1, seq, ver, exp, string.sub(raw, 17), 0, NOW}
    end
  end
end
return out
