import type * as Y from 'yjs';
import { DocMirror } from './docMirror';
import type { Store } from '../store';

/**
 * Mirrors a map's docs into the store: after any change, from anyone, at most once per animation
 * frame, the store gets the map as readMap reads it (through the schema, garbage skipped). The
 * mirror follows the docs' events, so a frame costs what changed in it, not the map's size: one
 * step typed into is one step parsed, one slot of the steps array replaced.
 */
export function bindDocToStore(doc: Y.Doc, review: Y.Doc, store: Store, mapId: string): () => void {
  let scheduled = 0;
  // Seeded with what the store shows (a reload after discarding local changes): unchanged steps keep their objects.
  const mirror = new DocMirror(doc, review, mapId, store.getState().map);
  const read = () => {
    scheduled = 0;
    const { map, skipped } = mirror.read();
    const state = store.getState();
    if (state.map !== map || state.skipped !== skipped) state.setMirror(map, skipped);
  };
  const schedule = () => {
    if (!scheduled) scheduled = requestAnimationFrame(read);
  };
  doc.on('update', schedule);
  review.on('update', schedule);
  read();
  return () => {
    mirror.dispose();
    doc.off('update', schedule);
    review.off('update', schedule);
    if (scheduled) cancelAnimationFrame(scheduled);
  };
}
