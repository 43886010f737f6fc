import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log';
import type { MapAccess } from '../maps/access';
import { CLOSE_CODES } from './close-codes';
import { serveConnection } from './connection';
import { startHeartbeat } from './heartbeat';
import type { Rooms } from './rooms';
import { acceptSync, isSyncUrl, parseSyncUrl, refuseUpgrade, remoteAddress } from './upgrade';

export interface SyncSettings {
  maxMessageBytes: number;
  pingIntervalMs: number;
  /** In dev mode Vite's HMR socket shares the port: upgrades that are not ours are left to it. */
  dev: boolean;
}

/** WebSocket sync on `/sync/…` of the HTTP server: upgrade, authenticate, serve, ping. */
export function attachSync(httpServer: Server, deps: { access: MapAccess; rooms: Rooms; log: Logger }, settings: SyncSettings) {
  const { access, rooms, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes, perMessageDeflate: false });
  const heartbeat = startHeartbeat(wss, settings.pingIntervalMs, log);
  wss.on('error', (error) => log.error('sync.error', { error: error.message }));

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isSyncUrl(req.url)) {
      if (!settings.dev) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const target = parseSyncUrl(req.url);
    if (!target) {
      log.warn('conn.refused', { reason: 'bad-path', addr: remoteAddress(req) });
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    void acceptSync(wss, access, log, { req, socket, head, target }, (ws, role, room) => {
      heartbeat.track(ws);
      serveConnection(ws, { room: rooms.open(room, target.kind), role, address: remoteAddress(req) }, log);
    });
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    get connections() {
      return wss.clients.size;
    },
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
