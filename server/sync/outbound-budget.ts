/**
 * What the server may spend answering clients, in bytes: token buckets chained from one
 * connection to its room to the whole server. The inbound limits (connection.ts) meter what a
 * client sends, but a 4-byte "send me everything" costs the whole map to answer; so each answer
 * (the whole map or a diff for a sync step 1, everyone's presence) is charged what it sends, at
 * every level at once. A connection over its own budget is one client asking too much; the room's
 * budget keeps many sockets (or one reconnecting without pause) on one map from taking the
 * server's; the server's bounds all rooms together, so one room cannot starve the others.
 */
export class OutboundBudget {
  private tokens: number;
  private last: number;

  constructor(
    /** Named in the log line of a client closed over it. */
    readonly scope: 'connection' | 'room' | 'server',
    readonly perSecond: number,
    readonly capacity: number,
    private readonly parent?: OutboundBudget,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** A budget below this one: what it spends, this one spends too. */
  child(scope: OutboundBudget['scope'], perSecond: number, capacity: number): OutboundBudget {
    return new OutboundBudget(scope, perSecond, capacity, this, this.now);
  }

  /** Spends `bytes` here and in every budget above, if each has them; if one is short, spends nothing and returns it. */
  spend(bytes: number): OutboundBudget | undefined {
    for (let budget: OutboundBudget | undefined = this; budget; budget = budget.parent) {
      if (budget.refill() < bytes) return budget;
    }
    for (let budget: OutboundBudget | undefined = this; budget; budget = budget.parent) budget.tokens -= bytes;
    return undefined;
  }

  private refill(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    return this.tokens;
  }
}

export interface OutboundSettings {
  /** See settings.ts: bytes a second of answers to one connection, to one room's connections, to all. */
  outboundBytesPerSecond: number;
  roomOutboundBytesPerSecond: number;
  serverOutboundBytesPerSecond: number;
  /** The largest doc: every budget can always afford one whole-map answer of it. */
  maxDocBytes: number;
}

/**
 * A budget holds two seconds' worth plus one whole map of the largest size, so a person joining
 * the largest map is answered even if the rate is set below its size (a little over maxDocBytes
 * for the message's header).
 */
const capacity = (perSecond: number, maxDocBytes: number) => 2 * perSecond + maxDocBytes + 64;

export const serverOutboundBudget = (settings: OutboundSettings) =>
  new OutboundBudget('server', settings.serverOutboundBytesPerSecond, capacity(settings.serverOutboundBytesPerSecond, settings.maxDocBytes));

export const roomOutboundBudget = (server: OutboundBudget, settings: OutboundSettings) =>
  server.child('room', settings.roomOutboundBytesPerSecond, capacity(settings.roomOutboundBytesPerSecond, settings.maxDocBytes));

export const connectionOutboundBudget = (room: OutboundBudget, settings: OutboundSettings) =>
  room.child('connection', settings.outboundBytesPerSecond, capacity(settings.outboundBytesPerSecond, settings.maxDocBytes));
