import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

/**
 * The server's answer to a page that opens a map, while it arrives. The server sends a large map
 * in parts (an update per part, then a sync step 2 with the last), and the page applies each part
 * as it comes, in a task of its own. Until the last has come, the docs hold part of a map: steps
 * without their joins, a step without some of its fields, too little to fit the view to. Readers
 * of the docs wait for the whole (bind.ts). A connection lost before the last part stops the
 * wait: the page shows what it has, as it does offline, and the next connection brings the rest.
 *
 * The review's first answer is part of the map's: its waivers decide what the findings count.
 * Read without it, the summary said "2 warnings" and named a waived finding as the blocker, then
 * changed a moment later. So once the map has answered, readers wait for the review too, if it is
 * being asked for (a page without a name does not ask), until it answers, its connection ends, or
 * REVIEW_GRACE_MS have passed: a slow review room never keeps the map off the page for long.
 */
/** How long the map waits for its review's first answer (above); the review room usually answers within a round trip. */
export const REVIEW_GRACE_MS = 2000;

export class ArrivingAnswer {
  /** Providers that applied part of an answer and have not synced since. */
  private readonly partial = new Set<WebsocketProvider>();
  /** The other rooms (the review) that have not answered once: neither synced nor seen their connection end. */
  private readonly unanswered: Set<WebsocketProvider>;
  /** Set while the map has answered and the review, asked for, has not (see above). */
  private reviewWait: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];
  private mapAnswered = false;
  private mapInParts = false;
  private readonly partsListeners = new Set<() => void>();

  /** `providers`: the map's first, then any other room of the page (its review). */
  constructor(providers: readonly WebsocketProvider[]) {
    this.unanswered = new Set(providers.slice(1));
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
        if (provider === providers[0] && !this.mapAnswered) {
          this.mapAnswered = true;
          if (this.reviewPending()) this.reviewWait = setTimeout(() => this.endReviewWait(), REVIEW_GRACE_MS);
        }
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
    return this.partial.size > 0 || this.reviewWait !== undefined;
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
    clearTimeout(this.reviewWait);
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

  /** Whether another room is asked for and has not answered yet. */
  private reviewPending(): boolean {
    for (const provider of this.unanswered) if (provider.shouldConnect) return true;
    return false;
  }

  private endReviewWait(): void {
    clearTimeout(this.reviewWait);
    this.reviewWait = undefined;
    this.arrived();
  }

  /** A provider's answer is whole (synced), or its connection ended: whatever waited on it may be read. */
  private settle(provider: WebsocketProvider): void {
    const wasPartial = this.partial.delete(provider);
    this.unanswered.delete(provider);
    if (this.reviewWait && !this.reviewPending()) this.endReviewWait();
    else if (wasPartial) this.arrived();
  }

  private arrived(): void {
    if (this.waiting) return;
    for (const listener of this.listeners) listener();
  }
}
