/**
 * Which connection speaks for which awareness clientID. Awareness has no authentication of its
 * own: any client may send a state, or a removal, for any clientID, so without this a hostile
 * connection (even a view link) could move other people's cursors, rename them or make them
 * vanish. The first clientID a connection announces is its own, one per connection (the stock
 * provider has one awareness per socket); entries for a clientID another connection owns are
 * dropped.
 *
 * A clientID is public (everyone in the room sees it), so when its owner's socket drops, anyone
 * could announce it first and keep it. A connection that brings a presence key (the page sends a
 * random one per tab, `?presence=`) binds the clientID it claims to that key: until `graceMs`
 * after its owner left, only a connection with the same key may claim it again (the same tab,
 * reconnecting), and such a connection takes it over at once, even from a socket of that tab the
 * server still holds. A clientID claimed without a key is first come, first served, as before.
 */
export type Claim =
  /** This connection speaks for the clientID (it already did, or does from now on). */
  | 'own'
  /** Not this connection's: reserved, bound to another key, or it already speaks for another. */
  | 'refused'
  /** Another live connection claimed it without a key: perhaps the stale socket of this same client. */
  | 'contested';

export interface OwnersOptions {
  /** clientIDs nobody may claim: the server's own awareness. */
  reserved: ReadonlySet<number>;
  /** How long a keyed clientID stays its key's after its owner left. */
  graceMs: number;
  /** At most this many keyed clientIDs of people who left are remembered; the oldest are forgotten first. */
  remembered: number;
  now?: () => number;
}

export class PresenceOwners<P> {
  private readonly ownerOf = new Map<number, P>();
  private readonly ownedBy = new Map<P, number>();
  /** Key hash of each keyed clientID whose owner is connected. */
  private readonly present = new Map<number, string>();
  /** Key hash of each keyed clientID whose owner left, and when; oldest first. */
  private readonly away = new Map<number, { key: string; since: number }>();
  private readonly now: () => number;

  constructor(private readonly options: OwnersOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The connection that owns `client`, if any. */
  owner(client: number): P | undefined {
    return this.ownerOf.get(client);
  }

  /** Whether `client` is bound to the presence key whose hash is `key`. */
  isBound(client: number, key: string): boolean {
    return this.boundKey(client) === key;
  }

  /**
   * How `client` stands for `peer` (whose presence key hashes to `key`): its own or nobody's
   * ('free'), bound to another tab's key, connected or away within the grace period ('bound'), or
   * claimed without a key by another connection, perhaps a stale socket of the same client
   * ('contested').
   */
  holdOn(peer: P, client: number, key: string | undefined): 'free' | 'bound' | 'contested' {
    const bound = this.boundKey(client);
    if (bound !== undefined) return bound === key ? 'free' : 'bound';
    const owner = this.ownerOf.get(client);
    return owner === undefined || owner === peer ? 'free' : 'contested';
  }

  /** Whether `peer` may set or remove `client`'s state; claims `client` if it may. `key`: the hash of the connection's presence key. */
  claim(peer: P, client: number, key: string | undefined): Claim {
    const owner = this.ownerOf.get(client);
    if (owner === peer) return 'own';
    if (this.ownedBy.has(peer) || this.options.reserved.has(client)) return 'refused';
    const bound = this.boundKey(client);
    if (bound !== undefined) {
      if (bound !== key) return 'refused';
      // The same tab on a new socket: the old one, if the server still holds it, speaks for nobody now.
      if (owner !== undefined) this.ownedBy.delete(owner);
    } else if (owner !== undefined) {
      return 'contested';
    }
    this.ownerOf.set(client, peer);
    this.ownedBy.set(peer, client);
    this.away.delete(client);
    if (key !== undefined) this.present.set(client, key);
    return 'own';
  }

  /** Forgets `peer`; returns the clientID it owned, whose state should now be removed. Its key keeps the clientID for the grace period. */
  release(peer: P): number | undefined {
    const client = this.ownedBy.get(peer);
    if (client === undefined) return undefined;
    this.ownedBy.delete(peer);
    this.ownerOf.delete(client);
    const key = this.present.get(client);
    if (key !== undefined) {
      this.present.delete(client);
      this.away.set(client, { key, since: this.now() });
      this.forgetOld();
    }
    return client;
  }

  /** How many keyed clientIDs of people who left are remembered (for tests). */
  get awayCount(): number {
    this.forgetOld();
    return this.away.size;
  }

  private boundKey(client: number): string | undefined {
    const present = this.present.get(client);
    if (present !== undefined) return present;
    this.forgetOld();
    return this.away.get(client)?.key;
  }

  private forgetOld(): void {
    const expired = this.now() - this.options.graceMs;
    for (const [client, { since }] of this.away) {
      if (since > expired && this.away.size <= this.options.remembered) break;
      this.away.delete(client);
    }
  }
}
