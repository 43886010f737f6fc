import type * as Y from 'yjs';

/**
 * Calls `onLost` once a change from elsewhere leaves an entry under `key` that is not signed `by`
 * this person: two people wrote it at the same moment and the other's was kept (a review link may
 * not replace an entry in someone else's name, so the server puts the first one back:
 * server/sync/review-rules.ts), or an editor replaced it since. What this person typed is then
 * only in their page, and the caller shows it so that it is not lost, with the entry kept (the
 * page's analysis of it may not have caught up yet). Returns a function that stops watching.
 */
export function watchOwnEntry(map: Y.Map<unknown>, key: string, by: string, onLost: (kept: { by?: unknown } | undefined) => void): () => void {
  const observer = (event: Y.YMapEvent<unknown>) => {
    if (event.transaction.local || !event.keysChanged.has(key)) return;
    const kept = map.get(key) as { by?: unknown } | undefined;
    // Another's concurrent entry can arrive and lose to this one: it is still this person's.
    if (kept?.by === by) return;
    stop();
    onLost(kept);
  };
  const stop = () => map.unobserve(observer);
  map.observe(observer);
  return stop;
}
