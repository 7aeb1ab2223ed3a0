-- Token bucket, one Redis hash per key: {tokens, ts}. Atomic: Redis runs a script alone.
-- KEYS[1]  bucket key (ratelimit:orders:<customer or ip>)
-- ARGV[1]  capacity (tokens)
-- ARGV[2]  refill rate (tokens per second, may be fractional)
-- Time is Redis server time (TIME), so every replica sees the same clock.
-- Returns {allowed (1|0), tokens left (floor), ms until the next token (0 if allowed), ms until full}.
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * per_ms)
  ts = now
end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / per_ms)
end
local full = math.ceil((capacity - tokens) / per_ms)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
-- An idle bucket refills completely: then it is the same as no bucket, so let it expire.
redis.call('PEXPIRE', KEYS[1], full + 1000)
return {allowed, math.floor(tokens), wait, full}
