import * as Y from 'yjs';
import type { DocStore } from '../storage/store';

/**
 * Loads a room's stored updates into `doc`. Each update is applied on its own terms, so one that
 * cannot be applied costs itself, not the room: it is counted and the rest load.
 */
export async function loadDoc(store: DocStore, room: string, doc: Y.Doc): Promise<{ updates: number; skipped: number }> {
  const updates = await store.loadUpdates(room);
  let skipped = 0;
  doc.transact(() => {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        skipped += 1;
      }
    }
  });
  return { updates: updates.length, skipped };
}
