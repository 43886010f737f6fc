import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import type { Settings } from '../settings';

export type ConnectionLimits = Pick<Settings, 'maxConnections' | 'maxAddressHttpConnections'>;

interface Tracked {
  address: string;
  /** Requests on it whose answer is not finished yet. */
  inFlight: number;
  upgraded: boolean;
}

/**
 * Bounds the sockets the server holds, so file descriptors cannot run out and `/healthz` still
 * gets in while thousands of connections sit there. Every socket counts against
 * `maxConnections`; HTTP sockets (until they upgrade to a WebSocket, which sync limits per
 * address itself) also against `maxAddressHttpConnections` of their address.
 *
 * Over a limit, the socket idle the longest within it is closed: one that has not finished its
 * headers (a slow-header attack: an honest client sends them at once) or a kept-alive one between
 * requests (its client reopens one when it needs it). Only with none idle is the newcomer closed:
 * what is left then is requests being answered, and bodies are bounded by the upload slots.
 */
export class ConnectionGuard {
  private readonly sockets = new Map<Duplex, Tracked>();
  /** Idle sockets, the longest idle first (a Set keeps insertion order). */
  private readonly idle = new Set<Duplex>();
  private readonly byAddress = new Map<string, { http: number; idle: Set<Duplex> }>();

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
  ) {}

  get open(): number {
    return this.sockets.size;
  }

  /** A new socket: makes room for it if a limit is reached, or closes it. */
  admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const mine = this.byAddress.get(address) ?? { http: 0, idle: new Set<Duplex>() };
    if (mine.http >= this.limits.maxAddressHttpConnections && !this.evictOldest(mine.idle, 'address', address)) {
      this.refuse(socket, 'address', address);
      return;
    }
    if (this.sockets.size >= this.limits.maxConnections && !this.evictOldest(this.idle, 'server', address)) {
      this.refuse(socket, 'server', address);
      return;
    }
    this.byAddress.set(address, mine);
    mine.http += 1;
    this.sockets.set(socket, { address, inFlight: 0, upgraded: false });
    this.markIdle(socket, true);
    socket.once('close', () => this.forget(socket));
  }

  /** A request arrived on the socket: busy until its answer is finished. */
  requestStarted(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    tracked.inFlight += 1;
    this.markIdle(socket, false);
    res.once('close', () => {
      tracked.inFlight -= 1;
      if (tracked.inFlight === 0 && !tracked.upgraded && !socket.destroyed && this.sockets.has(socket)) this.markIdle(socket, true);
    });
  }

  /** The socket is a WebSocket now: never idle in our sense, and no longer an HTTP socket of its address. */
  upgraded(socket: Duplex): void {
    const tracked = this.sockets.get(socket);
    if (!tracked || tracked.upgraded) return;
    this.markIdle(socket, false);
    tracked.upgraded = true;
    this.releaseHttp(tracked.address);
  }

  private markIdle(socket: Duplex, idle: boolean): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    const mine = this.byAddress.get(tracked.address);
    // Delete first, so a socket idle again goes to the back of the line.
    this.idle.delete(socket);
    mine?.idle.delete(socket);
    if (idle) {
      this.idle.add(socket);
      mine?.idle.add(socket);
    }
  }

  private evictOldest(idle: Set<Duplex>, scope: 'address' | 'server', newcomer: string): boolean {
    const oldest = idle.values().next().value;
    if (!oldest) return false;
    const address = this.sockets.get(oldest)?.address;
    this.forget(oldest);
    oldest.destroy();
    this.log.warn('http.limit', { limit: `${scope}-connections`, action: 'closed-idle', addr: address, newcomer });
    return true;
  }

  private refuse(socket: Socket, scope: 'address' | 'server', address: string): void {
    socket.destroy();
    this.log.warn('http.limit', {
      limit: `${scope}-connections`,
      action: 'refused',
      addr: address,
      max: scope === 'address' ? this.limits.maxAddressHttpConnections : this.limits.maxConnections,
    });
  }

  /** Stops counting a socket (it closed, or we are closing it); safe to call twice. */
  private forget(socket: Duplex): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    this.markIdle(socket, false);
    this.sockets.delete(socket);
    if (!tracked.upgraded) this.releaseHttp(tracked.address);
  }

  private releaseHttp(address: string): void {
    const mine = this.byAddress.get(address);
    if (!mine) return;
    mine.http -= 1;
    if (mine.http <= 0 && mine.idle.size === 0) this.byAddress.delete(address);
  }
}

/** Puts a guard on every socket of `server`. */
export function guardConnections(server: Server, limits: ConnectionLimits, log: Logger): ConnectionGuard {
  const guard = new ConnectionGuard(limits, log);
  server.on('connection', (socket: Socket) => guard.admit(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => guard.requestStarted(req, res));
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => guard.upgraded(socket));
  return guard;
}
