import * as decoding from 'lib0/decoding';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import { readSyncPayload } from './syncMessage';
import { changedAnything } from './changedAnything';

/**
 * Applies what the server sends without Yjs encoding it again. Yjs encodes every change it
 * applies into an update for the doc's `update` listeners, and for a large map's first sync that
 * was a third of the longest task of its opening (70 ms of 220 at 1,000 steps, BENCHMARKS.md),
 * spent for listeners that did not need it: the provider ignores what it applied itself, and the
 * page's own readers listen to `afterTransaction` (bind.ts, map-writes.ts). IndexedDB's copy
 * (`copies`: the doc's local copies) does need it, and gets the server's own bytes instead, once
 * the doc has taken them and only if they changed it, as it would have got Yjs's.
 */
export function applyServerUpdatesQuietly(provider: WebsocketProvider, copies: () => readonly IndexeddbPersistence[]): () => void {
  const { doc } = provider;
  const original = provider.messageHandlers[messageSync];
  provider.messageHandlers[messageSync] = (encoder, decoder, ...rest) => {
    const update = updateIn(decoding.clone(decoder));
    if (!update) return original(encoder, decoder, ...rest);
    const stores = copies().filter((copy) => copy.doc === doc);
    let changed = false;
    const noteChange = (transaction: Y.Transaction) => {
      changed ||= changedAnything(transaction);
    };
    doc.off('update', provider._updateHandler);
    for (const store of stores) doc.off('update', store._storeUpdate);
    doc.on('afterTransaction', noteChange);
    try {
      original(encoder, decoder, ...rest);
    } finally {
      doc.off('afterTransaction', noteChange);
      doc.on('update', provider._updateHandler);
      for (const store of stores) {
        doc.on('update', store._storeUpdate);
        if (changed) store._storeUpdate(update, provider);
      }
    }
  };
  return () => {
    provider.messageHandlers[messageSync] = original;
  };
}

/** The update a sync message carries (sync step 2 or an update), or undefined for anything else. */
function updateIn(decoder: decoding.Decoder): Uint8Array | undefined {
  const message = readSyncPayload(decoder);
  return message && message.type !== messageYjsSyncStep1 ? message.payload : undefined;
}
