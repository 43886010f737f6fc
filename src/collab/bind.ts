import type * as Y from 'yjs';
import { readMap } from './doc';
import { shareUnchanged } from './share';
import type { Store } from '../store';

/**
 * Mirrors a map's docs into the store: after any change, from anyone, the map is read again
 * (through the schema, garbage skipped) at most once per animation frame.
 */
export function bindDocToStore(doc: Y.Doc, review: Y.Doc, store: Store, mapId: string): () => void {
  let scheduled = 0;
  const read = () => {
    scheduled = 0;
    const { map, skipped } = readMap(doc, review, mapId);
    store.getState().setMirror(shareUnchanged(store.getState().map, map), skipped);
  };
  const schedule = () => {
    if (!scheduled) scheduled = requestAnimationFrame(read);
  };
  doc.on('update', schedule);
  review.on('update', schedule);
  read();
  return () => {
    doc.off('update', schedule);
    review.off('update', schedule);
    if (scheduled) cancelAnimationFrame(scheduled);
  };
}
