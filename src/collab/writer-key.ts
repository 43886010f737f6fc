import { randomSecret } from './random-secret';

const keyOf = (mapId: string) => `stallmap:writer:${mapId}`;

/**
 * This browser's secret for one map, sent as `?writer=`. The server binds the Yjs clientIDs this
 * browser writes the map's review data under to it (server/sync/writer-ids.ts), so that no one
 * else can write at their next clocks and silently swallow edits made offline. Kept beside the
 * browser's local copy of the map (IndexedDB, which outlives a reload and holds those edits under
 * the clientID of the page that made them), so the page that sends them after a reload holds the
 * same key. One per map: the server keeps the key's hash in the map, and one browser's maps must
 * not be linkable by it. Without storage (a private window that refuses it), a key per page load.
 */
export function writerKeyFor(mapId: string): string {
  try {
    const kept = localStorage.getItem(keyOf(mapId));
    if (kept) return kept;
    const key = randomSecret();
    localStorage.setItem(keyOf(mapId), key);
    return key;
  } catch {
    return randomSecret();
  }
}
