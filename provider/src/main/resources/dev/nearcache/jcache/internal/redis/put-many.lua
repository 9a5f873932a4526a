-- Unconditional puts of several entries in one call (putAll), grouped by segment.
-- KEYS, group after group: the segment's sequence key, its index key, then its entry keys. In a
-- cluster a call carries one group (a script may touch one slot only); on a single server one call
-- carries every segment a putAll touches, so it costs one script call.
-- ARGV[1] origin, ARGV[2] publish command, ARGV[3] grace ms, ARGV[4] create ttl, ARGV[5] update
-- ttl, ARGV[6] '1' = return old payloads, ARGV[7] the write deadline in server ms (lib.lua's
-- fenceError), ARGV[8] number of groups; then per group: its channel,
-- its key count n, and the n payloads of its entry keys, in KEYS order. An entry key's encoded key
-- (its index member, carried in the message) is what follows the segment's tag and 'k'; the
-- sequence key (tag and 's') has the same length as that prefix, so the script cuts members out
-- of the keys instead of receiving each key twice.
-- Each group is ONE change of its segment: the sequence number rises by one, every written entry
-- takes it as its version, and one message of kind 'M' lists the group's keys as
-- <length>:<bytes>... (the near tier handles it as one change per segment, as before).
-- Returns one flat array: the server's now in ms, each group's sequence number, then four values
-- per key in KEYS order: status (S_CREATED, S_UPDATED, S_NONE not added: zero creation ttl), version,
-- logical expiry, old payload (or false).
local ORIGIN, PUBCMD = ARGV[1], ARGV[2]
local GRACE = tonumber(ARGV[3])
local CREATE, UPDATE = tonumber(ARGV[4]), tonumber(ARGV[5])
local WANT_OLD = ARGV[6] == '1'
local DEADLINE = tonumber(ARGV[7])
local GROUPS = tonumber(ARGV[8])
local NOW, MICROS = serverClock()
local fenced = fenceError(DEADLINE, NOW)
if fenced then return fenced end

-- One MGET reads every old entry, one MSET writes every eternal one and one ZADD per group indexes
-- the group: a redis.call per key would cost more than the key's own work.
local entryKeys = {}
local k, a = 1, 9
for g = 1, GROUPS do
  local n = tonumber(ARGV[a + 1])
  for j = 1, n do entryKeys[#entryKeys + 1] = KEYS[k + 1 + j] end
  k, a = k + 2 + n, a + 2 + n
end
-- A key of another type reads as nil here and is replaced like an absent one (MSET and SET
-- overwrite any type); a string that is not an entry (lib.lua's header) counts as absent too.
local raws = redis.call('MGET', unpack(entryKeys))

local out = {NOW}
local perKey = {}
local eternal = {}
local e = 0
k, a = 1, 9
for g = 1, GROUPS do
  local SEQ, INDEX = KEYS[k], KEYS[k + 1]
  local CHANNEL, n = ARGV[a], tonumber(ARGV[a + 1])
  k, a = k + 2, a + 2
  local seq = redis.call('INCR', SEQ)
  local CUT = #SEQ + 1
  local members = {}
  local index = {}
  for _ = 1, n do
    local key, value = KEYS[k], ARGV[a]
    local member = string.sub(key, CUT)
    k, a, e = k + 1, a + 1, e + 1
    local raw = raws[e]
    local live, exp = false, -1
    local v, x = header(raw)
    if v and not (x >= 0 and x <= NOW) then live, exp = true, x end
    local newExp
    if live then newExp = expiry(UPDATE, exp, NOW) else newExp = expiry(CREATE, -1, NOW) end
    local p = #perKey
    if (not live) and newExp >= 0 and newExp <= NOW then
      -- A zero creation duration: not added.
      perKey[p + 1], perKey[p + 2], perKey[p + 3], perKey[p + 4] = S_NONE, 0, -1, false
    else
      local data = struct.pack('>dd', seq, newExp) .. value
      if newExp < 0 then
        eternal[#eternal + 1] = key
        eternal[#eternal + 1] = data
        index[#index + 1] = 'inf'
        index[#index + 1] = member
      elseif newExp + GRACE <= NOW then
        redis.call('DEL', key)
        redis.call('ZREM', INDEX, member)
      else
        redis.call('SET', key, data, 'PXAT', newExp + GRACE)
        index[#index + 1] = newExp + GRACE
        index[#index + 1] = member
      end
      local old = false
      if live and WANT_OLD then old = string.sub(raw, 17) end
      perKey[p + 1], perKey[p + 2], perKey[p + 3], perKey[p + 4] = live and S_UPDATED or S_CREATED, seq, newExp, old
    end
    members[#members + 1] = #member .. ':' .. member
  end
  if #index > 0 then redis.call('ZADD', INDEX, unpack(index)) end
  redis.call('ZREMRANGEBYSCORE', INDEX, '-inf', '(' .. NOW)
  redis.call(PUBCMD, CHANNEL, changeMessage(seq, ORIGIN, K_BULK_WRITE, MICROS, table.concat(members)))
  out[#out + 1] = seq
end
-- MSET, like SET, drops any TTL the key had: an eternal entry must not keep an old one.
if #eternal > 0 then redis.call('MSET', unpack(eternal)) end
for i = 1, #perKey do out[#out + 1] = perKey[i] end
return out
