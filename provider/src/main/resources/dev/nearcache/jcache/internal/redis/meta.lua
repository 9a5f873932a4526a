-- A cache's metadata: KEYS[1] the cache's metadata hash, ARGV[1] the segment count this node
-- would use. The first node to create the cache fixes the count; every later node reads it.
redis.call('HSETNX', KEYS[1], 'segments', ARGV[1])
return {tonumber(redis.call('HGET', KEYS[1], 'segments'))}
