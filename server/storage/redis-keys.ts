import { mapOfRoom } from './integrity';

/**
 * Where a room lives in Redis. Every key of a room carries its map id as the hash tag
 * (`sm:{<mapId>}:…`), so a map's two rooms (the map and its review data) share one slot and a
 * script may touch all of a room's keys on a Redis Cluster too; the room's own name comes last,
 * so listRooms can read it back from any of its keys.
 */
export interface RoomKeys {
  /** A stream: the room's updates since its snapshot, plus those kept for retention (field `u`). */
  log: string;
  /** A hash: `last` (the log's last id), `snap` and `snapId` (the compacted doc and the last id it holds), `trimmedBelow` (ids under it are gone from the log), `pending` (appends since the snapshot). */
  meta: string;
  /** A hash of the room's records (a map's access hashes), lib0-encoded as LevelDB keeps them. */
  records: string;
  /** A hash: instance id → the last id of the log that instance has applied (what trimming must keep). */
  acks: string;
  /** The pub/sub channel of the room: `instance|prevId|id|update`. */
  channel: string;
}

const PREFIX = 'sm:';

export function roomKeys(room: string): RoomKeys {
  const tag = `${PREFIX}{${mapOfRoom(room)}}`;
  return { log: `${tag}:log:${room}`, meta: `${tag}:meta:${room}`, records: `${tag}:rec:${room}`, acks: `${tag}:acks:${room}`, channel: `${tag}:bus:${room}` };
}

/** What SCAN matches to find every room with updates or records. */
export const ROOM_KEY_PATTERN = `${PREFIX}{*}:*`;

/** The room a key of roomKeys belongs to, or undefined for another key. */
export function roomOfKey(key: string): string | undefined {
  return /^sm:\{[^}]*\}:(?:log|meta|rec):(.+)$/s.exec(key)?.[1];
}

/** An instance's liveness key, set with PX and renewed while it runs. Not a room's key, so never read from a room's script. */
export const livenessKey = (instance: string) => `${PREFIX}live:${instance}`;

/** What /healthz writes (with a TTL) to see that Redis takes writes: not a room's key. */
export const HEALTH_PROBE_KEY = `${PREFIX}healthz`;

/** The mark of the data this Redis holds (redis-return.ts): set once, by the first server. Not a room's key. */
export const EPOCH_KEY = `${PREFIX}epoch`;

/** A stream id, `<ms>-<seq>`, as numbers. */
function parseId(id: string): [number, number] {
  const [ms, seq] = id.split('-');
  return [Number(ms), Number(seq ?? 0)];
}

/** Negative if `a` is older than `b`, 0 if the same, positive if newer. */
export function compareIds(a: string, b: string): number {
  const [am, as] = parseId(a);
  const [bm, bs] = parseId(b);
  return am === bm ? as - bs : am - bm;
}

export const newerId = (a: string, b: string) => (compareIds(a, b) >= 0 ? a : b);
export const olderId = (a: string, b: string) => (compareIds(a, b) <= 0 ? a : b);

/** The smallest id after `id`: XTRIM MINID of it removes `id` and everything before. */
export function nextId(id: string): string {
  const [ms, seq] = parseId(id);
  return `${ms}-${seq + 1}`;
}

/** Before any id: where a room never written stands. */
export const NO_ID = '0-0';
