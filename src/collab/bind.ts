import type * as Y from 'yjs';
import { readMap } from './doc';
import { watchedItemCache } from './itemCache';
import { shareUnchanged } from './share';
import type { Store } from '../store';

/**
 * Mirrors a map's docs into the store: after any change, from anyone, the map is read again
 * (through the schema, garbage skipped) at most once per animation frame.
 */
export function bindDocToStore(doc: Y.Doc, review: Y.Doc, store: Store, mapId: string): () => void {
  let scheduled = 0;
  // Only the steps and joins that changed are parsed again: typing in one label of a 500-step
  // map re-reads one step, not five hundred.
  const { cache, dispose } = watchedItemCache(doc);
  const read = () => {
    scheduled = 0;
    const { map, skipped } = readMap(doc, review, mapId, cache);
    store.getState().setMirror(shareUnchanged(store.getState().map, map), skipped);
  };
  const schedule = () => {
    if (!scheduled) scheduled = requestAnimationFrame(read);
  };
  doc.on('update', schedule);
  review.on('update', schedule);
  read();
  return () => {
    dispose();
    doc.off('update', schedule);
    review.off('update', schedule);
    if (scheduled) cancelAnimationFrame(scheduled);
  };
}
