import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

/**
 * The server's answer to a page that opens a map, while it arrives. The server sends a large map
 * in parts (an update per part, then a sync step 2 with the last), and the page applies each part
 * as it comes, in a task of its own. Until the last has come, the docs hold part of a map: steps
 * without their joins, a step without some of its fields, too little to fit the view to. Readers
 * of the docs wait for the whole (bind.ts). A connection lost before the last part stops the
 * wait: the page shows what it has, as it does offline, and the next connection brings the rest.
 */
export class ArrivingAnswer {
  /** Providers that applied part of an answer and have not synced since. */
  private readonly partial = new Set<WebsocketProvider>();
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];
  private mapAnswered = false;
  private mapInParts = false;
  private readonly partsListeners = new Set<() => void>();

  /** `providers`: the map's first, then any other room of the page (its review). */
  constructor(providers: readonly WebsocketProvider[]) {
    for (const provider of providers) {
      const applied = (transaction: Y.Transaction) => {
        if (transaction.origin !== provider || provider.synced) return;
        this.partial.add(provider);
        // An answer in one message is synced before that message's handler returns: one still
        // unsynced once it has returned comes in parts.
        if (provider === providers[0] && !this.mapInParts) queueMicrotask(() => !provider.synced && this.partial.has(provider) && this.cameInParts());
      };
      const synced = (isSynced: boolean) => {
        if (!isSynced) return;
        if (provider === providers[0]) this.mapAnswered = true;
        this.settle(provider);
      };
      const status = ({ status }: { status: string }) => status === 'disconnected' && this.settle(provider);
      provider.doc.on('afterTransaction', applied);
      provider.on('sync', synced);
      provider.on('status', status);
      this.stops.push(() => {
        provider.doc.off('afterTransaction', applied);
        provider.off('sync', synced);
        provider.off('status', status);
      });
    }
  }

  /** Whether the docs hold part of an answer whose rest has not come yet. */
  get waiting(): boolean {
    return this.partial.size > 0;
  }

  /**
   * Whether the server has answered for the map once: from then on the docs hold a map as the
   * server has it, and an empty one is empty. Before, an empty doc says only that nothing has come.
   */
  get answered(): boolean {
    return this.mapAnswered;
  }

  /**
   * Calls `listener` once the map's answer is seen to come in parts, at once if it already has:
   * the server cuts only a large map (over 64 kB, some 250 steps), so the page knows a large map
   * is on its way before it holds it. Returns the unsubscribe.
   */
  whenMapInParts(listener: () => void): () => void {
    if (this.mapInParts) {
      listener();
      return () => {};
    }
    this.partsListeners.add(listener);
    return () => this.partsListeners.delete(listener);
  }

  /** Calls `listener` each time the docs stop waiting; returns the unsubscribe. */
  onArrived(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
    this.partsListeners.clear();
  }

  private cameInParts(): void {
    if (this.mapInParts) return;
    this.mapInParts = true;
    for (const listener of this.partsListeners) listener();
    this.partsListeners.clear();
  }

  private settle(provider: WebsocketProvider): void {
    if (!this.partial.delete(provider) || this.waiting) return;
    for (const listener of this.listeners) listener();
  }
}
