import { readAwarenessEntries, writeAwarenessEntries } from './awareness-filter';

/**
 * The entries of an awareness update another instance announced that `accept` takes, re-encoded,
 * with their clientIDs; undefined if it takes none, or if the update cannot be read (instances
 * are trusted, but a damaged message must not throw in a pub/sub handler).
 */
export function remoteEntries(update: Uint8Array, accept: (client: number, state: string) => boolean): { update: Uint8Array; clients: number[] } | undefined {
  let entries: ReturnType<typeof readAwarenessEntries>;
  try {
    entries = readAwarenessEntries(update);
  } catch {
    return undefined;
  }
  const kept = entries.filter(({ client, state }) => accept(client, state));
  if (kept.length === 0) return undefined;
  return { update: writeAwarenessEntries(kept), clients: kept.map((e) => e.client) };
}
