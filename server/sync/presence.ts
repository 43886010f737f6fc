import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { freshAwarenessEntries } from './awareness-filter';
import { Fanout, type FanoutOptions, type Peer } from './fanout';
import { MalformedMessage, encodeAwareness } from './messages';
import { PresenceOwners } from './presence-owners';

/** What happened to an awareness message: all applied, or some entries left out (and why). */
export type PresenceResult = 'ok' | 'not-owner' | 'too-large';

/**
 * The people in a room (names, colours, cursors, selections): the room's awareness, who owns
 * which clientID, and the batched relay of changes. Presence never touches the doc or the disk.
 */
export class Presence {
  readonly awareness: Awareness;
  private readonly owners: PresenceOwners<Peer>;
  private readonly fanout: Fanout<number>;

  constructor(
    doc: Y.Doc,
    fanout: Omit<FanoutOptions<number>, 'encode'>,
    private readonly maxStateBytes: number,
  ) {
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null); // the server is not a person on the map
    this.owners = new PresenceOwners(new Set([this.awareness.clientID]));
    // Encoded at flush time: each person's latest state once, however often it changed in the window.
    this.fanout = new Fanout({ ...fanout, encode: (clients) => encodeAwareness(encodeAwarenessUpdate(this.awareness, [...new Set(clients)])) });
    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
      for (const client of [...added, ...updated, ...removed]) this.fanout.add(client);
    });
  }

  /** Applies the entries of an awareness update that `peer` may make. Throws MalformedMessage for garbage. */
  receive(peer: Peer, update: Uint8Array): PresenceResult {
    let result: PresenceResult = 'ok';
    const fresh = freshAwarenessEntries(this.awareness, update, (client, state) => {
      if (state !== 'null' && !state.startsWith('{')) throw new MalformedMessage('a presence state must be a JSON object or null');
      if (!this.owners.allows(peer, client)) {
        result = 'not-owner';
        // Most often a person whose laptop lost its wifi: their provider reconnected on a new
        // socket while the server still holds the old one. Ask the old one to prove it is alive,
        // so a dead one is dropped in seconds (and the clientID freed) rather than at the next ping.
        if (state !== 'null') this.owners.owner(client)?.probe?.();
        return false;
      }
      if (Buffer.byteLength(state) > this.maxStateBytes) {
        result = 'too-large';
        return false;
      }
      return true;
    });
    try {
      if (fresh) applyAwarenessUpdate(this.awareness, fresh, peer);
    } catch {
      throw new MalformedMessage('malformed awareness update');
    }
    return result;
  }

  /** Everyone present, as one awareness message (possibly of no one). */
  everyone(): Uint8Array {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  get isEmpty(): boolean {
    return this.awareness.getStates().size === 0;
  }

  /** `peer` left: its person leaves with it. */
  leave(peer: Peer): void {
    const client = this.owners.release(peer);
    if (client !== undefined && this.awareness.states.has(client)) removeAwarenessStates(this.awareness, [client], 'left');
  }

  destroy(): void {
    this.fanout.stop();
    this.awareness.destroy();
  }
}
