-- Reads several entries in one call (getAll, iteration), grouped by segment.
-- KEYS, group after group: the segment's sequence key, its index key, then its entry keys. In a
-- cluster a call carries one group (a script may touch one slot only); on a single server one call
-- carries every segment a bulk read touches, so a getAll costs one script call.
-- ARGV[1] origin, ARGV[2] publish command, ARGV[3] grace ms, ARGV[4] access ttl code (-2 unchanged,
-- -1 eternal, n ms), ARGV[5] number of groups; then per group: its channel and its key count n.
-- An entry key's encoded key (its index member, carried in change messages) is what follows the
-- segment's tag and 'k'; the sequence key (tag and 's') has the same length as that prefix, so
-- the script cuts members out of the keys instead of receiving each key twice.
-- Returns one flat array: the server's now in ms, each group's sequence number when the script
-- ends (every value read is current up to it: the script is atomic), then ONE element per key in
-- KEYS order, so that the client parses no integers per key (Redisson reads each integer reply
-- through a String):
--   false                      a miss;
--   the stored string as it is  a hit whose expiry did not change (the common case: no copy here);
--   tag .. header .. payload    T_HIT_WITH_NEW_EXPIRY a hit whose access expiry moved (header
--                               rewritten), T_FOUND_EXPIRED an entry found expired, removed and
--                               reported (its last value);
--   T_NOT_AN_ENTRY              bytes that are not an entry (written by someone else): a miss,
--                               removed so that the cache heals itself.
-- The stored string starts with its version as a big-endian double, always positive, so its first
-- byte is below 0x80 and never looks like a tag (StoredEntryCodec decodes these elements).
local ORIGIN, PUBCMD = ARGV[1], ARGV[2]
local GRACE = tonumber(ARGV[3])
local ACCESS = tonumber(ARGV[4])
local GROUPS = tonumber(ARGV[5])
local NOW, MICROS = serverClock()

-- One MGET for the groups' sequence numbers and one for every entry: a redis.call per key would
-- cost more than the key's own work.
local seqKeys, entryKeys = {}, {}
local k, a = 1, 6
for g = 1, GROUPS do
  local n = tonumber(ARGV[a + 1])
  seqKeys[g] = KEYS[k]
  for j = 1, n do entryKeys[#entryKeys + 1] = KEYS[k + 1 + j] end
  k, a = k + 2 + n, a + 2
end
local seqs = redis.call('MGET', unpack(seqKeys))
local raws = redis.call('MGET', unpack(entryKeys))

local out = {NOW}
local perKey = {}
local e = 0
k, a = 1, 6
for g = 1, GROUPS do
  local SEQ, INDEX = KEYS[k], KEYS[k + 1]
  local CHANNEL, n = ARGV[a], tonumber(ARGV[a + 1])
  k, a = k + 2, a + 2
  local seq = tonumber(seqs[g] or '0')
  local CUT = #SEQ + 1

  local function publish(kind, member)
    seq = redis.call('INCR', SEQ)
    redis.call(PUBCMD, CHANNEL, changeMessage(seq, ORIGIN, kind, MICROS, member))
  end

  for _ = 1, n do
    local key = KEYS[k]
    local member = string.sub(key, CUT)
    k, e = k + 1, e + 1
    local raw = raws[e]
    local ver, exp = header(raw)
    if not raw then
      -- Also a key of another type (MGET answers nil): a miss here; a write replaces it and a
      -- remove deletes it.
      perKey[e] = false
    elseif not ver then
      redis.call('DEL', key)
      redis.call('ZREM', INDEX, member)
      perKey[e] = T_NOT_AN_ENTRY
    elseif exp >= 0 and exp <= NOW then
      redis.call('DEL', key)
      redis.call('ZREM', INDEX, member)
      publish(K_EXPIRED, member)
      perKey[e] = T_FOUND_EXPIRED .. raw
    else
      if ACCESS ~= -2 then
        local newExp = expiry(ACCESS, exp, NOW)
        if newExp ~= exp then
          if retimeEntry(key, INDEX, member, exp, newExp, GRACE, NOW) then publish(K_ACCESS_SHORTENED, member) end
          raw = T_HIT_WITH_NEW_EXPIRY .. struct.pack('>dd', ver, newExp) .. string.sub(raw, 17)
        end
      end
      perKey[e] = raw
    end
  end
  out[#out + 1] = seq
end
for i = 1, #perKey do out[#out + 1] = perKey[i] end
return out
