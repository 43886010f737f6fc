import type * as Y from 'yjs';
import type { ArrivingAnswer } from './arrivingAnswer';
import { DocMirror } from './docMirror';
import { changedAnything } from './changedAnything';
import type { Store } from '../store';

/** A read of the docs taking longer than this hands its map to the store in the next task. */
const LONG_READ_MS = 50;

/**
 * Mirrors a map's docs into the store: after any change, from anyone, at most once per animation
 * frame, the store gets the map as readMap reads it (through the schema, garbage skipped). The
 * mirror follows the docs' events, so a frame costs what changed in it, not the map's size: one
 * step typed into is one step parsed, one slot of the steps array replaced. While the server's
 * answer arrives in parts (`arriving`), its parts are not read: the store gets the map whole.
 */
export function bindDocToStore(doc: Y.Doc, review: Y.Doc, store: Store, mapId: string, arriving?: ArrivingAnswer): () => void {
  let scheduled = 0;
  let applying: ReturnType<typeof setTimeout> | undefined;
  // Seeded with what the store shows (a reload after discarding local changes): unchanged steps keep their objects.
  const mirror = new DocMirror(doc, review, mapId, store.getState().map);
  // Whether the server had answered when the docs were read: taken with the read, not when the store gets it.
  const answered = () => arriving?.answered ?? true;
  let latest = { ...mirror.read(), answered: answered() };
  const apply = () => {
    applying = undefined;
    const { map, skipped, answered } = latest;
    const state = store.getState();
    if (state.map !== map || state.skipped !== skipped || state.answered !== answered) state.setMirror(map, skipped, answered);
  };
  const read = () => {
    scheduled = 0;
    if (arriving?.waiting) return; // read once the answer is whole (arrived, below)
    const started = performance.now();
    latest = { ...mirror.read(), answered: answered() };
    if (applying) return; // an apply is coming, and shows what was just read
    // A long read (a large map's first sync: every step through the schema) hands the store over
    // in a task of its own: React renders the store in the task that sets it, and the two together
    // were the longest task of a large map's opening.
    if (performance.now() - started > LONG_READ_MS) applying = setTimeout(apply, 0);
    else apply();
  };
  // After a transaction, not on `update`: an update listener makes Yjs encode every change it applies
  // again, and the server's changes are applied without one (quietServerUpdates.ts).
  const schedule = (transaction: Y.Transaction) => {
    if (!scheduled && changedAnything(transaction)) scheduled = requestAnimationFrame(read);
  };
  // The mirror followed every part's events: once the answer is whole, they are read as one change.
  const arrived = () => {
    if (!scheduled) scheduled = requestAnimationFrame(read);
  };
  doc.on('afterTransaction', schedule);
  review.on('afterTransaction', schedule);
  const stopArrivals = arriving?.onArrived(arrived);
  apply();
  return () => {
    stopArrivals?.();
    mirror.dispose();
    doc.off('afterTransaction', schedule);
    review.off('afterTransaction', schedule);
    if (scheduled) cancelAnimationFrame(scheduled);
    clearTimeout(applying);
  };
}
