import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Store } from '../store';
import type { ConnectionStatus } from '../store/sessionSlice';
import { ArrivingAnswer } from './arrivingAnswer';
import { bindDocToStore } from './bind';
import { createCommands } from './commands';
import { keepsLocalCopy, mayWriteMap, refusedWriteMessage, watchRefusedWrites } from './map-writes';
import { newPresenceKey, sendOwnPresenceOnly } from './own-presence';
import { refusalFor } from './refusals';
import { onSendProgress, pacedWebSocket, setSendLimits } from './paced-socket';
import { tooLargeWasChange } from './sent-sizes';
import { createRedesignCommands } from './redesignCommands';
import { createReviewCommands } from './reviewCommands';
import { replaceWithReview } from './replaceWithReview';
import { SyncLiveness } from './liveness';
import { applyServerUpdatesQuietly } from './quietServerUpdates';
import { createUndoManager } from './undo';
import { writerKeyFor } from './writer-key';

export interface SessionOptions {
  mapId: string;
  token: string;
  store: Store;
  /** ws(s)://host/sync; defaults to this page's host. */
  syncUrl?: string;
  /**
   * The map doc changed on this page although its link may not write the map (map-writes.ts):
   * the caller drops this session and opens the map again from the server.
   */
  onRefusedWrite?: () => void;
}

/** How the page's providers connect, besides their params (exported so tests use the same). */
export const PROVIDER_OPTIONS = { maxBackoffTime: 4000, disableBc: true } as const;

/** Each of the page's providers is watched so an edit lost on an open socket is resent (liveness.ts). */
export const watchSync = (provider: WebsocketProvider, onChange?: () => void) => new SyncLiveness(provider, onChange);

/**
 * One open map: its two docs (map and review), kept in IndexedDB so offline edits survive a
 * reload, synced through our server with the link's token; commands, undo, and the store mirror.
 * The store's `role` (what the page knows of its link so far) decides what may be written and
 * which docs are kept in IndexedDB (map-writes.ts): a copy is opened once the role allows it.
 */
export function openSession({ mapId, token, store, syncUrl = defaultSyncUrl(), onRefusedWrite }: SessionOptions) {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  const local: IndexeddbPersistence[] = [];
  const copies = { map: false, review: false };
  const keepCopies = () => {
    const keep = keepsLocalCopy(store.getState().role);
    if (keep.map && !copies.map) local.push(new IndexeddbPersistence(`stallmap:${mapId}`, doc));
    if (keep.review && !copies.review) local.push(new IndexeddbPersistence(`stallmap:${mapId}/review`, review));
    copies.map ||= keep.map;
    copies.review ||= keep.review;
  };
  keepCopies();
  const unsubscribeRole = store.subscribe((state, previous) => {
    if (state.role !== previous.role) keepCopies();
    // What one connection may send, as the server says: a large change goes in parts under it (paced-socket.ts).
    if (state.limits !== previous.limits) setSendLimits(state.limits ?? {});
  });
  setSendLimits(store.getState().limits ?? {});
  const unwatchWrites = watchRefusedWrites(doc, () => store.getState().role, () => onRefusedWrite?.());
  // No BroadcastChannel: a view tab and an edit tab in one browser would otherwise trade edits
  // beside the server, which checks each connection's role. Every edit goes through the server.
  // `presence`: this page's presence clientID stays its own while it reconnects (own-presence.ts).
  // `name`: the review room takes comments and waivers only in the name its connection declared
  // (README, "Names on comments and waivers"), so it waits for this person's name, and
  // reconnects if the name changes. `writer`: the review data's clientIDs this browser wrote stay
  // its own, across reconnects and reloads (writer-key.ts).
  const params: Record<string, string> = { token, presence: newPresenceKey(), writer: writerKeyFor(mapId) };
  const name = store.getState().name;
  if (name) params.name = name;
  const options = { params, ...PROVIDER_OPTIONS, WebSocketPolyfill: pacedWebSocket() };
  const provider = new WebsocketProvider(syncUrl, mapId, doc, options);
  const reviewProvider = new WebsocketProvider(syncUrl, `${mapId}/review`, review, { ...options, connect: Boolean(name) });
  let waitingForName = !name;
  const unsubscribeName = store.subscribe(({ name: next }) => {
    if (!next || next === params.name) return;
    params.name = next; // both providers' params: the map room's next connection declares it too
    if (!waitingForName && !reviewProvider.shouldConnect) return; // stopped by a refusal, or offline
    waitingForName = false;
    reviewProvider.disconnect();
    reviewProvider.connect();
  });
  for (const p of [provider, reviewProvider]) sendOwnPresenceOnly(p);
  const quieted = [provider, reviewProvider].map((p) => applyServerUpdatesQuietly(p, () => local));
  // Step and join commands change the state on screen: the redesign while it is shown, else today's;
  // and Undo acts on that state's history (undo.ts). The compare view edits neither state.
  const shownState = () => (store.getState().view === 'redesign' ? 'redesign' : 'now');
  const undo = createUndoManager(doc, shownState);
  const access = {
    mayWrite: () => mayWriteMap(store.getState()),
    refused: (_command: string, why?: string) => store.getState().setSession({ notice: why ?? refusedWriteMessage(store.getState()) }),
    limits: () => store.getState().limits,
  };
  const commands = createCommands(doc, undo, access, shownState);
  const redesignCommands = createRedesignCommands(doc, undo, access);
  const reviewCommands = createReviewCommands(review);
  const replaceMap = replaceWithReview(undo, review, commands.replaceMap);
  const arriving = new ArrivingAnswer([provider, reviewProvider]);
  const unbind = bindDocToStore(doc, review, store, mapId, arriving);

  // "Offline with N unsynced changes", and "Resyncing" while connected if a change stays
  // unconfirmed: N counts the steps, joins and other items this page changed that the server has
  // not confirmed (liveness.ts), as a person counts changes: not keystrokes or drag frames.
  let everConnected = false;
  const liveness: SyncLiveness[] = [];
  const status = (): ConnectionStatus => {
    if (provider.wsconnected && provider.synced) return liveness.some((watch) => watch.stalled) ? 'resyncing' : 'connected';
    // A final refusal stopped the page (a link replaced or revoked): "Reconnecting…" would promise what will not happen.
    if (!navigator.onLine || store.getState().refusal?.final) return 'offline';
    return everConnected ? 'reconnecting' : 'connecting';
  };
  const refresh = () => {
    if (provider.wsconnected && provider.synced) everConnected = true;
    const next = { status: status(), unsynced: liveness.reduce((sum, watch) => sum + watch.changedElements, 0) };
    const current = store.getState();
    // "Cannot save" holds until what the page changed is confirmed (refusals.ts), then goes.
    if (current.refusal?.untilSaved && next.status === 'connected' && next.unsynced === 0) current.setSession({ refusal: null });
    // Called on every local change (and its confirmation): only a visible change reaches the store.
    if (current.status !== next.status || current.unsynced !== next.unsynced) current.setSession(next);
  };
  liveness.push(watchSync(provider, refresh), watchSync(reviewProvider, refresh));
  // A change too large for one message (an import into this map, its undo) goes out in parts,
  // paced under the server's rate, for seconds: its progress is shown, bytes of both docs together.
  const sending = new Map<object, { sent: number; total: number }>();
  const unwatchSending = onSendProgress((socket, progress) => {
    if (socket !== provider.ws && socket !== reviewProvider.ws && !sending.has(socket)) return;
    if (progress) sending.set(socket, progress);
    else sending.delete(socket);
    const all = [...sending.values()];
    store.getState().setSession({ sending: all.length ? { sent: all.reduce((sum, p) => sum + p.sent, 0), total: all.reduce((sum, p) => sum + p.total, 0) } : null });
  });
  // The Undo and Redo buttons follow the view: the history of the state on screen, and none in
  // the compare view, whose two panes are read-only (its map-wide changes are today's history).
  const undoState = () => {
    const comparing = store.getState().view === 'compare';
    store.getState().setSession({ canUndo: !comparing && undo.canUndo(), canRedo: !comparing && undo.canRedo() });
  };
  const unsubscribeView = store.subscribe(({ view }, previous) => {
    if (view === previous.view) return;
    // A visit to a view is its own step: an edit just before leaving never merges with one on coming back.
    undo.stopCapturing();
    undoState();
  });
  provider.on('status', refresh);
  provider.on('sync', (synced: boolean) => {
    if (synced && !store.getState().refusal?.untilSaved) store.getState().setSession({ refusal: null });
    refresh();
  });
  // The server's refusals, said plainly. A too-large edit (1009 comes from ws itself, so the
  // provider would retry it forever) stops the provider as the final codes do.
  // A 1009 is "your change" only if the socket's largest message was one (sent-sizes.ts).
  const onRefused = (code: number, reason: string, socket: object | null) => {
    const refusal = refusalFor(code, reason, tooLargeWasChange(socket));
    if (!refusal) return;
    store.getState().setSession({ refusal });
    if (refusal.final) for (const p of [provider, reviewProvider]) p.disconnect();
    refresh();
  };
  for (const p of [provider, reviewProvider]) {
    p.on('closed', (event) => onRefused(event.code, event.reason, null));
    p.on('connection-close', (event) => event && onRefused(event.code, event.reason, event.target));
  }
  undo.onChange(undoState);
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
    redesignCommands,
    reviewCommands,
    undo,
    /** Calls `listener` once a large map is seen on its way, before it has all come (arrivingAnswer.ts). */
    whenMapInParts: (listener: () => void) => arriving.whenMapInParts(listener),
    /** Replaces the map and its review data for everyone (an import): one step of undo for both (replaceWithReview.ts). */
    replaceMap,
    /**
     * This page replaced its own link (Share): it goes on with the new token, without reopening
     * the map. The server closes the sockets on the old one (4410), whether or not that came first.
     */
    switchToken(next: string) {
      params.token = next; // both providers' params
      // After the event under way: called from a provider's own close (the 4410 read as it is
      // emitted), a reconnect made there is undone by y-websocket, which goes on with that close
      // once its listeners return (it forgets the new socket and stops connecting).
      queueMicrotask(() => {
        for (const p of waitingForName ? [provider] : [provider, reviewProvider]) {
          p.disconnect();
          p.connect();
        }
        if (store.getState().refusal?.linkReplaced) store.getState().setSession({ refusal: null });
        refresh();
      });
    },
    /** Drops what this browser holds of the map that the server refused, then starts again from the server's copy. */
    async discardLocalAndReload() {
      await Promise.all(local.map((p) => p.clearData()));
      location.reload();
    },
    destroy() {
      unbind();
      arriving.destroy();
      for (const restore of quieted) restore();
      unsubscribeName();
      unsubscribeRole();
      unsubscribeView();
      unwatchWrites();
      unwatchSending();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      undo.destroy();
      for (const watch of liveness) watch.destroy();
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
