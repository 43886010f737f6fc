import * as Y from 'yjs';
import type { Logger } from '../log';
import type { DocStore } from '../storage/store';
import { findMisfits, type Misfit, misfitsIn, shapeOfRoom } from './doc-shape';
import { dropMisfits } from './drop-misfits';

/** What loading a room cost: updates read, updates that could not be applied, items dropped as misfits. */
export interface LoadResult {
  updates: number;
  skipped: number;
  dropped: number;
}

/**
 * Loads a room's stored updates into `doc`. Each update is applied on its own terms, so one that
 * cannot be applied costs itself, not the room: it is counted and the rest load.
 *
 * Then the doc is held to its shape (doc-shape.ts): a room written before the server checked
 * nested shared types may hold, say, a Y.Map nested 6,000 deep in a step, which no reader could
 * read. Whatever does not fit is dropped from the loaded doc (the rest of its step stays), and
 * logged once per load, as an error. Each update's misfits are dropped before the next update
 * is applied: a later update may delete the step holding them, and Yjs deletes a nested type by
 * recursion.
 *
 * The drop is not written: the stored log keeps the misfits, and every load drops them again.
 * Appending the drop would not heal the log, since replaying it (a load, or compaction, which
 * replays the whole log in one doc) would delete the nested maps parent first and overflow; only
 * replacing the log with the healed doc's state would. Until the store can do that, compacting
 * such a room fails (logged) once a deletion of what holds the misfits has been stored.
 */
export async function loadDoc(store: Pick<DocStore, 'loadUpdates'>, room: string, doc: Y.Doc, log?: Logger): Promise<LoadResult> {
  const updates = await store.loadUpdates(room);
  const shape = shapeOfRoom(room);
  const misfits: Misfit[] = [];
  let skipped = 0;
  let dropped = 0;
  doc.transact(() => {
    for (const [index, update] of updates.entries()) {
      try {
        Y.applyUpdate(doc, update);
        // The last update's misfits are found by the walk of the whole doc below.
        if (index === updates.length - 1) continue;
        // Dropped at once, before a later update deletes what holds them (Yjs would recurse).
        // Into an empty doc, the doc is that update: walking it costs a fraction of decoding the
        // update again (a compacted 2,000-step map: 4% of the time applying it took, against two
        // thirds), and a compacted log starts with the whole map.
        const found = index === 0 ? findMisfits(doc, shape) : misfitsIn(update, doc, shape).misfits;
        if (found.length > 0) dropped += dropMisfits(doc, found);
        for (const m of found) misfits.push(m);
      } catch {
        skipped += 1;
      }
    }
    // What waited for a later update to be integrated was not among that update's structs.
    const rest = findMisfits(doc, shape);
    if (rest.length > 0) dropped += dropMisfits(doc, rest);
    for (const m of rest) misfits.push(m);
  });
  if (misfits.length === 0) return { updates: updates.length, skipped, dropped: 0 };
  log?.error('room.misfits-dropped', {
    room,
    misfits: misfits.length,
    items: dropped,
    // The first few, to find them: a path is the top-level type and the keys down to the misfit.
    where: misfits
      .slice(0, 3)
      .map((m) => `${m.path} (${m.reason})`)
      .join('; ')
      .slice(0, 500),
  });
  return { updates: updates.length, skipped, dropped };
}
