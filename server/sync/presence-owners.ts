/**
 * Which connection speaks for which awareness clientID. Awareness has no authentication of its
 * own: any client may send a state, or a removal, for any clientID, so without this a hostile
 * connection (even a view link) could move other people's cursors, rename them or make them
 * vanish. The first clientID a connection announces is its own, one per connection (the stock
 * provider has one awareness per socket); entries for a clientID another connection owns are
 * dropped. Ownership ends when the connection leaves, so a reconnecting provider, which keeps its
 * clientID, claims it again on its next connection.
 */
export class PresenceOwners<P> {
  private readonly ownerOf = new Map<number, P>();
  private readonly ownedBy = new Map<P, number>();

  /** @param reserved clientIDs nobody may claim: the server's own awareness. */
  constructor(private readonly reserved: ReadonlySet<number>) {}

  /** The connection that owns `client`, if any. */
  owner(client: number): P | undefined {
    return this.ownerOf.get(client);
  }

  /** Whether `peer` may set or remove `client`'s state; claims `client` if it is the peer's first. */
  allows(peer: P, client: number): boolean {
    const owner = this.ownerOf.get(client);
    if (owner !== undefined) return owner === peer;
    if (this.ownedBy.has(peer) || this.reserved.has(client)) return false;
    this.ownerOf.set(client, peer);
    this.ownedBy.set(peer, client);
    return true;
  }

  /** Forgets `peer`; returns the clientID it owned, whose state should now be removed. */
  release(peer: P): number | undefined {
    const client = this.ownedBy.get(peer);
    if (client === undefined) return undefined;
    this.ownedBy.delete(peer);
    this.ownerOf.delete(client);
    return client;
  }
}
