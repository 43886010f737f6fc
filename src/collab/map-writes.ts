import type * as Y from 'yjs';
import { changedAnything } from './changedAnything';
import type { StoreState } from '../store';
import type { Role } from '../store/sessionSlice';

/**
 * Which pages may change the map, and what happens to a change one may not make. The server
 * drops a map write from a review or view link before it touches anything (README, "Roles"), and
 * never tells the page: a change the page kept would live in that page alone, and, kept in
 * IndexedDB, come back on every reload. So the page never makes one (commands.ts refuses it),
 * never keeps a copy it could hold one in, and if one appears anyway, starts again from the
 * server's copy and says so.
 */

/** An edit link, not in review mode (review mode is for reading, whoever holds the link). */
export function mayWriteMap(state: Pick<StoreState, 'role' | 'reviewMode'>): boolean {
  return state.role === 'edit' && !state.reviewMode;
}

/** What a person is told when a command was refused. */
export function refusedWriteMessage(state: Pick<StoreState, 'role'>): string {
  return state.role === 'edit'
    ? 'Review mode is on, so the map was not changed: untick Review mode to draw.'
    : `This ${state.role} link cannot change the map, so nothing was changed.`;
}

export const DROPPED_WRITE_MESSAGE =
  'This page held a change to the map that this link cannot make; the server never took it. It was dropped, and the map is shown as the server has it.';

export const DROPPED_COPY_MESSAGE =
  'This browser kept a copy of this map from an earlier visit with a link that cannot change it. The copy was dropped; the map is shown as the server has it.';

/**
 * The docs a page keeps in IndexedDB (offline edits that survive a reload): only those its link
 * may write. A review or view link keeps no copy of the map: there is nothing of its own to keep,
 * and a copy could only ever differ from the server's by a change the server refused. Its map
 * comes from the server on every load, so the server's state always wins. A review link keeps
 * the review doc, where its comments and waivers are its own.
 */
export function keepsLocalCopy(role: Role): { map: boolean; review: boolean } {
  return { map: role === 'edit', review: role !== 'view' };
}

/**
 * Calls `onRefused` (once) when the map doc changes on this page, not from the server or from
 * the page's own copy, while the page's link may not write the map: a change that slipped past
 * every guard. Such a change cannot be taken back in Yjs without the server's help, which it
 * will not give, so the caller drops the doc and opens the map again from the server.
 */
export function watchRefusedWrites(doc: Y.Doc, role: () => Role, onRefused: () => void): () => void {
  let fired = false;
  const onTransaction = (transaction: Y.Transaction) => {
    // The provider's and IndexedDB's changes arrive through applyUpdate, which is never local.
    if (fired || !transaction.local || !changedAnything(transaction) || role() === 'edit') return;
    fired = true;
    onRefused();
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}

/**
 * Deletes the IndexedDB copies of a map (y-indexeddb databases named `stallmap:<id>` and
 * `stallmap:<id>/review`) that a link which may not write them left from an earlier visit (pages
 * before this check kept one, with the joins a view link could draw). Only for a browser that
 * holds no link that writes them: an edit link's offline edits in the same browser are its own.
 * Resolves whether a copy with content was dropped.
 */
export async function dropUnwritableCopies(mapId: string, keep: { map: boolean; review: boolean }): Promise<boolean> {
  const names = [keep.map ? '' : `stallmap:${mapId}`, keep.review ? '' : `stallmap:${mapId}/review`].filter(Boolean);
  if (!names.length || typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  const present = new Set((await indexedDB.databases()).map((db) => db.name));
  let dropped = false;
  for (const name of names) {
    if (!present.has(name)) continue;
    if (await holdsUpdates(name)) dropped = true;
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
  return dropped;
}

/** Whether a y-indexeddb database holds any update (an empty one is nothing worth mentioning). */
function holdsUpdates(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('updates')) {
        db.close();
        resolve(false);
        return;
      }
      const count = db.transaction('updates', 'readonly').objectStore('updates').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result > 0);
      };
      count.onerror = () => {
        db.close();
        resolve(false);
      };
    };
  });
}
