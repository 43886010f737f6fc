import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Store } from '../store';
import type { ConnectionStatus } from '../store/sessionSlice';
import { bindDocToStore } from './bind';
import { createCommands } from './commands';
import { refusalFor } from './refusals';
import { createReviewCommands } from './reviewCommands';
import { LOCAL_ORIGIN } from './origin';
import { createUndoManager } from './undo';

export interface SessionOptions {
  mapId: string;
  token: string;
  store: Store;
  /** ws(s)://host/sync; defaults to this page's host. */
  syncUrl?: string;
}

/**
 * One open map: its two docs (map and review), kept in IndexedDB so offline edits survive a
 * reload, synced through our server with the link's token; commands, undo, and the store mirror.
 */
export function openSession({ mapId, token, store, syncUrl = defaultSyncUrl() }: SessionOptions) {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  const local = [new IndexeddbPersistence(`stallmap:${mapId}`, doc), new IndexeddbPersistence(`stallmap:${mapId}/review`, review)];
  // No BroadcastChannel: a view tab and an edit tab in one browser would otherwise trade edits
  // beside the server, which checks each connection's role. Every edit goes through the server.
  const options = { params: { token }, maxBackoffTime: 4000, disableBc: true };
  const provider = new WebsocketProvider(syncUrl, mapId, doc, options);
  const reviewProvider = new WebsocketProvider(syncUrl, `${mapId}/review`, review, options);
  const undo = createUndoManager(doc);
  const commands = createCommands(doc, undo);
  const reviewCommands = createReviewCommands(review);
  const unbind = bindDocToStore(doc, review, store, mapId);

  // "Offline with N unsynced changes": count local transactions made while not connected.
  let everConnected = false;
  const status = (): ConnectionStatus =>
    provider.wsconnected && provider.synced ? 'connected' : !everConnected ? (navigator.onLine ? 'connecting' : 'offline') : navigator.onLine ? 'reconnecting' : 'offline';
  const refresh = () => {
    if (provider.wsconnected && provider.synced) {
      everConnected = true;
      store.getState().setSession({ status: 'connected', unsynced: 0 });
    } else store.getState().setSession({ status: status() });
  };
  const countOffline = (_update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL_ORIGIN && !(provider.wsconnected && provider.synced)) {
      store.getState().setSession({ unsynced: store.getState().unsynced + 1 });
    }
  };
  const undoState = () => store.getState().setSession({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
  provider.on('status', refresh);
  provider.on('sync', (synced: boolean) => {
    if (synced) store.getState().setSession({ refusal: null });
    refresh();
  });
  // The server's refusals, said plainly. A too-large edit (1009 comes from ws itself, so the
  // provider would retry it forever) stops the provider as the final codes do.
  const onRefused = (code: number, reason: string) => {
    const refusal = refusalFor(code, reason);
    if (!refusal) return;
    store.getState().setSession({ refusal });
    if (refusal.final) for (const p of [provider, reviewProvider]) p.disconnect();
  };
  for (const p of [provider, reviewProvider]) {
    p.on('closed', (event) => onRefused(event.code, event.reason));
    p.on('connection-close', (event) => event && onRefused(event.code, event.reason));
  }
  doc.on('update', countOffline);
  undo.on('stack-item-added', undoState);
  undo.on('stack-item-popped', undoState);
  undo.on('stack-cleared', undoState);
  // When the laptop says its network is gone, say so at once rather than after the provider's
  // 30-second silence timeout, and reconnect the moment it is back.
  const goOffline = () => {
    for (const p of [provider, reviewProvider]) p.disconnect();
    refresh();
  };
  const goOnline = () => {
    for (const p of [provider, reviewProvider]) p.connect();
    refresh();
  };
  window.addEventListener('online', goOnline);
  window.addEventListener('offline', goOffline);

  return {
    mapId,
    doc,
    review,
    provider,
    awareness: provider.awareness,
    commands,
    reviewCommands,
    undo,
    /** Drops what this browser holds of the map that the server refused, then starts again from the server's copy. */
    async discardLocalAndReload() {
      await Promise.all(local.map((p) => p.clearData()));
      location.reload();
    },
    destroy() {
      unbind();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      undo.destroy();
      provider.destroy();
      reviewProvider.destroy();
      for (const p of local) void p.destroy();
      doc.destroy();
      review.destroy();
    },
  };
}

export type Session = ReturnType<typeof openSession>;

function defaultSyncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}
