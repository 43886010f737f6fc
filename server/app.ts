import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOperationsRoutes } from './api/operations';
import { createApi } from './api/routes';
import { createDevHandler } from './http/dev';
import { answerClientError } from './http/client-error';
import { guardConnections } from './http/connection-guard';
import { setSecurityHeaders } from './http/headers';
import { refuseMissingHost } from './http/missing-host';
import { sendError } from './http/respond';
import { httpServerOptions } from './http/server-options';
import { createStaticHandler } from './http/static';
import { createConsoleLogger, errorText, type Logger, rateLimitedLogger } from './log';
import { MapAccess } from './maps/access';
import { ServerMetrics } from './metrics';
import { defaultSettings, type Settings } from './settings';
import { listenFailure } from './start-failure';
import { openLeveldbStore } from './storage/leveldb';
import type { DocStore } from './storage/store';
import { type Bus, localBus } from './sync/bus';
import { attachSync } from './sync/endpoint';
import { Rooms } from './sync/rooms';

export interface ServerOptions extends Partial<Settings> {
  logger?: Logger;
  /** Storage to use instead of LevelDB in `dataDir` (tests). */
  store?: DocStore;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT (or the host it listens on). */
  url: string;
  port: number;
  settings: Settings;
  /** Stops taking connections, closes sockets (1001), writes what is pending, compacts, closes storage. */
  close(): Promise<void>;
}

/**
 * One process, one port: the app (dist/, or Vite in dev), the HTTP API, and WebSocket sync.
 * Resolves once listening; storage is opened and probed first (leveldb.ts), so an unusable data
 * directory fails here, at start, and not on the first edit.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { logger, store: givenStore, ...overrides } = options;
  const settings: Settings = { ...defaultSettings, ...definedOnly(overrides) };
  // Rate-limited per reason: a flood of garbage or refused connections cannot flood the log.
  const log = rateLimitedLogger(logger ?? createConsoleLogger(settings), settings);
  let ready = false;
  // Read at each scrape, which comes after listen, when all three exist.
  const metrics = new ServerMetrics({ connections: () => syncEndpoint.connections, roomsLoaded: () => rooms.loaded, queuedBytes: () => syncEndpoint.queuedBytes });
  // Checked at start (leveldb.ts): damage is logged loudly, salvaged with a copy kept, and reported by /healthz.
  // Every write is counted and timed for /metrics.
  // STALLMAP_REDIS_URL: storage and the bus between instances in Redis (checked at start: reachable, AOF on).
  const redis = givenStore || !settings.redisUrl ? undefined : await openRedis(settings, log);
  const store = metrics.instrument(givenStore ?? redis?.store ?? (await openLeveldbStore(settings.dataDir, { log, salvage: 'in-place', setting: settings.dataDirSetting })));
  const bus = redis?.bus ?? localBus(store);
  const access = new MapAccess(store);
  const rooms = new Rooms(store, settings, log, bus);
  // A link replaced here: this server's sockets on it are closed at once, the other servers' once they hear (link-changes.ts).
  const linksReplaced = (mapId: string) => {
    void syncEndpoint.linksReplaced(mapId);
    bus.linkChanges?.announce(mapId);
  };
  const api = createApi({ store, access, rooms, limits: settings, log, linksReplaced });
  const operations = createOperationsRoutes({ metrics, isReady: () => ready, metricsToken: settings.metricsToken });

  const httpServer = createServer(httpServerOptions(settings));
  guardConnections(httpServer, settings, log);
  const dev = settings.dev ? await createDevHandler(httpServer) : undefined;
  const app = dev ? dev.handle : createStaticHandler(settings.distDir);
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res, settings.dev);
    if (refuseMissingHost(req, res)) return;
    operations(req, res)
      .then((handled) => handled || api.handle(req, res))
      .then((handled) => {
        if (!handled) app(req, res);
      })
      .catch((error) => {
        log.error('http.error', { method: req.method, error: errorText(error) });
        if (!res.headersSent) sendError(res, 500, 'internal error');
        else res.destroy();
      });
  });
  httpServer.on('clientError', (error, socket) => answerClientError(error, socket, log));
  const syncEndpoint = attachSync(httpServer, { access, rooms, log, WebSocket: metrics.WebSocket }, settings);
  // Links replaced on other servers: read again, and this server's sockets on the old ones closed.
  bus.linkChanges?.listen({
    replaced(mapId) {
      access.forget(mapId);
      void syncEndpoint.linksReplaced(mapId);
    },
    hearing(heard) {
      access.trustCache(heard);
      if (heard) void syncEndpoint.checkAllLinks();
    },
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error) => reject(listenFailure(error, settings.host, settings.port)));
    httpServer.listen(settings.port, settings.host || undefined, () => resolve());
  });
  ready = true;
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${settings.host && settings.host !== '0.0.0.0' && settings.host !== '::' ? settings.host : '127.0.0.1'}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await syncEndpoint.close();
      httpServer.closeAllConnections();
      await stopped;
      await rooms.closeAll();
      await api.close();
      await dev?.close();
      await bus.close();
      await store.close();
    })();
    return closing;
  };
  return { url, port, settings, close };
}

/**
 * The Redis store and the bus on it, both connected; the store closed again if the bus cannot
 * start. Imported only here, so a server on LevelDB never loads the Redis client.
 */
async function openRedis(settings: Settings, log: Logger): Promise<{ store: DocStore; bus: Bus }> {
  const [{ openRedisStore }, { openRedisBus }, { redisLabel }] = await Promise.all([import('./storage/redis'), import('./sync/bus-redis'), import('./storage/redis-label')]);
  const store = await openRedisStore(settings.redisUrl, { log, noPersistence: settings.redisAllowNoPersistence ? 'allow' : 'refuse', retentionMs: settings.redisRetentionMs });
  try {
    const bus = await openRedisBus(store, settings, log);
    log.info('storage.redis', { redis: redisLabel(settings.redisUrl), instance: store.instance });
    return { store, bus };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

