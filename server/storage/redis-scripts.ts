/**
 * The Lua scripts of the Redis store. Each touches only the keys of one room (redis-keys.ts: one
 * hash slot), so each runs atomically and would run unchanged on a Redis Cluster; what lies
 * outside the room (which instances are alive) is read before and passed in.
 */

/** `older(a, b)`: whether stream id `a` comes before `b`. */
const OLDER = `
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
`;

/**
 * Appends one update and tells the other instances, in one step: XADD to the room's log, the
 * log's last id recorded, and `instance|prevId|id|update` published. Redis writes the script's
 * effects to its AOF before it answers or publishes (with `appendfsync always` or `no`; `everysec`
 * may hold the write back, and the server warns of it at start), so whatever an instance relays
 * after the answer, or another instance after the message, survives a crash of Redis.
 *
 * KEYS: log, meta. ARGV: update, instance, channel.
 * Returns { prevId, id, appends since the snapshot }.
 */
export const APPEND = {
  numberOfKeys: 2,
  lua: `
local prev = redis.call('HGET', KEYS[2], 'last') or '0-0'
local id = redis.call('XADD', KEYS[1], '*', 'u', ARGV[1])
-- An increment is safe here: clients never resend (redis-connection.ts), and a count too high only compacts sooner.
local pending = redis.call('HINCRBY', KEYS[2], 'pending', 1)
redis.call('HSET', KEYS[2], 'last', id)
redis.call('PUBLISH', ARGV[3], ARGV[2] .. '|' .. prev .. '|' .. id .. '|' .. ARGV[1])
return {prev, id, pending}
`,
};

/**
 * Reads a room: the snapshot and the log after it (a load, or a catch-up that finds itself
 * behind what was trimmed), or only the log after a given id (a catch-up). Atomic, so a
 * compaction cannot slip between the snapshot and the log read after it.
 *
 * KEYS: meta, log. ARGV: the id read up to before, or '' to load.
 * Returns { snapshot or '', [[id, [field, value…]]…], last id }.
 */
export const READ = {
  numberOfKeys: 2,
  lua: `${OLDER}
local from = ARGV[1]
local meta = redis.call('HMGET', KEYS[1], 'snapId', 'trimmedBelow', 'last')
local snapId, trimmedBelow, last = meta[1], meta[2], meta[3]
local snap = ''
local start = '-'
-- Behind the trim: something after 'from' may be gone (ids below trimmedBelow are; the next id after 'from' is needed).
local function behind(id, trimmed)
  local m, s = string.match(id, '^(%d+)-(%d+)$')
  return older(m .. '-' .. (tonumber(s) + 1), trimmed)
end
if snapId and (from == '' or (trimmedBelow and behind(from, trimmedBelow))) then
  snap = redis.call('HGET', KEYS[1], 'snap')
  start = '(' .. snapId
elseif from ~= '' then
  start = '(' .. from
end
return {snap, redis.call('XRANGE', KEYS[2], start, '+'), last or '0-0'}
`,
};

/**
 * Replaces the snapshot with one built from it and the log up to `snapId` (only if nobody
 * compacted since it was read: the snapshot id is compared and set), then trims the log below
 * `trimBelow`, which the caller keeps at or under every live instance's acknowledged id, the
 * snapshot and the retention window. Forgets the acknowledgements of dead instances.
 *
 * KEYS: meta, log, acks. ARGV: snapId read before ('' if none), new snapshot, its id, appends it
 * folded in, trimBelow ('' for none), dead instances….
 * Returns 1 if written, 0 if another compaction came first.
 */
export const COMPACT = {
  numberOfKeys: 3,
  lua: `${OLDER}
local current = redis.call('HGET', KEYS[1], 'snapId') or ''
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'snap', ARGV[2], 'snapId', ARGV[3])
local pending = redis.call('HINCRBY', KEYS[1], 'pending', -tonumber(ARGV[4]))
if pending < 0 then redis.call('HSET', KEYS[1], 'pending', 0) end
if ARGV[5] ~= '' then
  redis.call('XTRIM', KEYS[2], 'MINID', ARGV[5])
  local trimmed = redis.call('HGET', KEYS[1], 'trimmedBelow')
  if not trimmed or older(trimmed, ARGV[5]) then redis.call('HSET', KEYS[1], 'trimmedBelow', ARGV[5]) end
end
for i = 6, #ARGV do redis.call('HDEL', KEYS[3], ARGV[i]) end
return 1
`,
};

/**
 * Sets a record only if it still holds the bytes read before (or, with no bytes, if there is
 * none), in one step: two servers replacing a map's links at once cannot undo each other.
 *
 * KEYS: records. ARGV: field, '1' if a value is expected else '', the expected bytes, the new bytes.
 * Returns 1 if written, 0 if the record had changed.
 */
export const SWAP_RECORD = {
  numberOfKeys: 1,
  lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif current ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
`,
};
