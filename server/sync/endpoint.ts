import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log';
import type { MapAccess } from '../maps/access';
import { roomName } from '../maps/roles';
import type { Settings } from '../settings';
import { AddressCounts } from './address-counts';
import { CLOSE_CODES } from './close-codes';
import { serveConnection } from './connection';
import { HeldLinks } from './held-links';
import { startHeartbeat } from './heartbeat';
import type { Rooms } from './rooms';
import { clientAddress, parseTrustedProxies } from './trusted-proxy';
import { acceptSync, closeRefused, isSyncUrl, parseSyncUrl, refuseUpgrade } from './upgrade';

export type SyncSettings = Pick<
  Settings,
  'maxMessageBytes' | 'trustedProxies' | 'pingIntervalMs' | 'probeMs' | 'dev' | 'maxRoomConnections' | 'maxAddressConnections' | 'messagesPerSecond' | 'bytesPerSecond'
>;

/**
 * WebSocket sync on `/sync/…` of the HTTP server: upgrade, count, authenticate, admit, serve, ping.
 * In dev mode Vite's HMR socket shares the port: upgrades that are not ours are left to it.
 */
export function attachSync(
  httpServer: Server,
  deps: { access: MapAccess; rooms: Rooms; log: Logger; /** The socket class (metrics.ts counts closes with one). */ WebSocket?: typeof WebSocket },
  settings: SyncSettings,
) {
  const { access, rooms, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes, perMessageDeflate: false, WebSocket: deps.WebSocket });
  const heartbeat = startHeartbeat(wss, settings.pingIntervalMs, log);
  const addresses = new AddressCounts(settings.maxAddressConnections);
  // Which socket came with which link, so a replaced link is closed for those on it (held-links.ts).
  const held = new HeldLinks(access, log);
  // Behind a load balancer, the client it forwards (trusted-proxy.ts); otherwise the socket's address.
  const trusted = parseTrustedProxies(settings.trustedProxies);
  wss.on('error', (error) => log.error('sync.error', { error: error.message }));

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isSyncUrl(req.url)) {
      if (!settings.dev) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const addr = clientAddress(req, trusted);
    const target = parseSyncUrl(req.url);
    if (!target) {
      log.warn('conn.refused', { reason: 'bad-path', addr });
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    // Before the token is checked, so a flood from one address costs no storage reads.
    if (!addresses.tryAdd(addr)) {
      socket.on('error', () => undefined);
      wss.handleUpgrade(req, socket, head, (ws) =>
        closeRefused(ws, log, { code: CLOSE_CODES.TOO_MANY_CONNECTIONS, reason: 'too many connections from your address', event: { reason: 'address-limit', addr, max: settings.maxAddressConnections } }),
      );
      return;
    }
    // Held from before the token is read: a link replaced while it is read is checked again.
    const link = held.hold(target.mapId, target.token);
    socket.once('close', () => {
      addresses.remove(addr);
      link.release();
    });
    // With several servers, the room's connections on the others count too (cluster-limits.ts).
    void rooms.connectionsElsewhere(roomName(target.mapId, target.kind)).then((elsewhere) =>
      acceptSync(wss, access, log, { req, socket, head, target }, (ws, role, name) => {
        const room = rooms.open(name, target.kind);
        const full = room && room.peerCount + elsewhere >= settings.maxRoomConnections;
        if (!room || full) {
          const refusal = room
            ? { code: CLOSE_CODES.ROOM_FULL, reason: 'this map has too many connections: retrying', event: { reason: 'room-full', max: settings.maxRoomConnections } }
            : { code: CLOSE_CODES.SERVER_BUSY, reason: 'server busy: retrying', event: { reason: 'rooms-limit', loaded: rooms.loaded } };
          return closeRefused(ws, log, { ...refusal, event: { room: name, addr, ...refusal.event } });
        }
        heartbeat.track(ws);
        const close = serveConnection(ws, { room, role, address: addr, presenceKey: target.presenceKey, writerKey: target.writerKey, name: target.name }, settings, log);
        link.admitted(role, close);
      }),
    );
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    get connections() {
      return wss.clients.size;
    },
    /** Bytes queued in every socket and not yet sent (/metrics). */
    get queuedBytes() {
      let bytes = 0;
      for (const ws of wss.clients) bytes += ws.bufferedAmount;
      return bytes;
    },
    /** A link of the map was replaced (here or on another server): its sockets on the old one are closed (4410). */
    linksReplaced: (mapId: string) => held.check(mapId),
    /** Replacements may have gone unheard: every socket here is checked against its map's links. */
    checkAllLinks: () => held.checkAll(),
    /** Closes every socket (1001) and waits, briefly, for them to go. */
    async close(): Promise<void> {
      httpServer.off('upgrade', onUpgrade);
      heartbeat.stop();
      const closed = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close(CLOSE_CODES.SHUTDOWN, 'server shutting down');
            setTimeout(() => {
              ws.terminate();
              resolve();
            }, 1000).unref();
          }),
      );
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
