import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log';
import { parsePublicUrl } from './public-url';
import { redisLabel } from './storage/redis-label';
import { parseTrustedProxies } from './sync/trusted-proxy';

/**
 * Every tunable of the server in one place: the port and data directory, and each limit with
 * its default and the environment variable that overrides it. Hardening (issue 7) adds its
 * limits here, so README's "Security and limits" table can be read off this file.
 */
export interface Settings {
  /** PORT. 0 picks a free port (tests). */
  port: number;
  /** HOST. Empty: every interface. */
  host: string;
  /**
   * PUBLIC_URL: the origin people open (`http://192.168.1.20:8080`, `https://maps.example.org`),
   * for the links the server hands out and the start-up log. Empty: the address the browser used,
   * or this machine's LAN address for a browser on localhost (public-url.ts).
   */
  publicUrl: string;
  /** STALLMAP_DATA: where LevelDB keeps the rooms and the maps' access records. */
  dataDir: string;
  /** What set `dataDir` (`--data` on the command line), named when the directory cannot be used. */
  dataDirSetting: string;
  /** The built app (vite build). Not an env setting: it is where `npm run build` writes. */
  distDir: string;
  /** STALLMAP_DEV=1: serve the app through Vite's middleware (hot reload) instead of dist/. */
  dev: boolean;
  /** STALLMAP_MAX_MESSAGE_BYTES: largest WebSocket message (ws's own default is 100 MiB). */
  maxMessageBytes: number;
  /**
   * STALLMAP_MAX_BODY_BYTES: largest HTTP request body, a map file (`POST /api/maps`, the one route
   * that reads one); larger answers 413. Sized to the largest map the server holds, so that a map
   * the page exports imports again: a file holds the map and its review data (comments, waivers,
   * scores), each a room of up to STALLMAP_MAX_DOC_BYTES, and JSON is a little larger than Yjs's
   * encoding, so twice that (10,000 steps with their joins are about 3 MB as exported). Only a
   * create gets this far, past its allowances and an upload slot (create-gate.ts).
   */
  maxBodyBytes: number;
  /** STALLMAP_ROOM_IDLE_MS: a room with no connections this long is unloaded and compacted. */
  roomIdleMs: number;
  /**
   * STALLMAP_SHADOW_IDLE_MS: a room's shadow doc (a second copy of the map that checks each
   * update, server/sync/shadow-doc.ts) that no update has needed this long is dropped, and rebuilt
   * by the next one; 0 keeps it while the room is loaded.
   */
  shadowIdleMs: number;
  /** STALLMAP_PING_MS: ping every client this often; one that missed the last pong is dropped. */
  pingIntervalMs: number;
  /**
   * STALLMAP_PROBE_MS: when a second connection announces a person's presence, the first is
   * pinged and has this long to answer, or is dropped (the old socket of a laptop whose wifi
   * came back), so the person's presence moves to the new socket in seconds.
   */
  probeMs: number;
  /**
   * STALLMAP_FANOUT_MS: the longest window a room batches updates in: under heavy load it sends
   * at most one batch of updates per window, which bounds the messages per client per second and
   * keeps fan-out from growing with the square of the room. A quiet or small room does not batch
   * (see fanoutSendsPerSecond): an edit goes out at once.
   */
  fanoutWindowMs: number;
  /**
   * STALLMAP_AWARENESS_FANOUT_MS: the same for presence (cursors, selections). Wider than for
   * edits: the stock provider echoes every presence message it receives back to the server, so
   * each presence message costs every client twice, and a cursor 30 ms late is still smooth.
   */
  awarenessWindowMs: number;
  /**
   * STALLMAP_FANOUT_SENDS_PER_SECOND: the messages a second one room may relay (updates, and
   * presence counted twice for its echo) before it batches. Under it, every item goes out at
   * once; over it, the window is what brings the room back under it (clients / this), up to the
   * windows above (adaptive-window.ts). 0: always batch at those windows.
   */
  fanoutSendsPerSecond: number;
  /**
   * STALLMAP_SLOW_CLIENT_BYTES: a client with more than this waiting in its socket buffer is
   * closed (1013, try again later) instead of queued without bound; its provider reconnects
   * and resyncs, losing nothing.
   */
  slowClientBytes: number;
  /**
   * STALLMAP_MAX_STEPS, STALLMAP_MAX_JOINS, STALLMAP_MAX_DOC_BYTES: the largest map. An update
   * that would take a room past one is refused (close 4413, final) before it reaches the disk or
   * anyone else; a map already past a limit (the limit lowered) only takes changes that shrink it.
   * Bytes are the room's encoded Yjs state, so they bound the review room too.
   */
  maxSteps: number;
  maxJoins: number;
  maxDocBytes: number;
  /** STALLMAP_MAX_ROOM_CONNECTIONS: connections to one room (a map, or its review room); more are closed 4501. */
  maxRoomConnections: number;
  /**
   * STALLMAP_MAX_ADDRESS_CONNECTIONS: connections from one remote address; more are closed 4502.
   * Generous: a workshop on hotel wifi is 30 people behind one address, each with two rooms open.
   */
  maxAddressConnections: number;
  /**
   * STALLMAP_MESSAGES_PER_SECOND, STALLMAP_BYTES_PER_SECOND: what one connection may send, as
   * token buckets holding two seconds' worth (the bytes bucket at least one largest message).
   * Over either, the connection is closed 4529 and its provider reconnects and resyncs. A page
   * dragging and moving its cursor sends under 100 messages and a few kB a second.
   */
  messagesPerSecond: number;
  bytesPerSecond: number;
  /**
   * STALLMAP_OUTBOUND_BYTES_PER_SECOND, STALLMAP_ROOM_OUTBOUND_BYTES_PER_SECOND,
   * STALLMAP_SERVER_OUTBOUND_BYTES_PER_SECOND: what the server may send in answers (the map, or
   * what a client lacks of it, for a sync step 1; everyone's presence), per connection, per room
   * and in all, as token buckets of bytes (outbound-budget.ts) holding two seconds' worth plus one
   * whole map of STALLMAP_MAX_DOC_BYTES. A 4-byte request can ask for the whole map, so requests
   * are charged what answering them sends. An answer over any of them closes the asker 4529.
   */
  outboundBytesPerSecond: number;
  roomOutboundBytesPerSecond: number;
  serverOutboundBytesPerSecond: number;
  /**
   * STALLMAP_MAX_PRESENCE_BYTES: the largest presence (awareness) state of one person. A larger
   * one is not relayed (logged once per connection); the connection stays, since the stock
   * provider resends its state on every reconnect and closing it would only loop.
   */
  maxPresenceBytes: number;
  /**
   * STALLMAP_ROOM_PRESENCE_BYTES: presence states one room holds, all together. It bounds every
   * presence message the room sends (a greeting, a batch), so keep it well under
   * STALLMAP_MAX_MESSAGE_BYTES: the stock provider echoes what it receives, and an echo over the
   * message limit is closed 1009. A state within the fair share (this / STALLMAP_MAX_ROOM_CONNECTIONS)
   * always fits, pushing out the largest states first; a larger one is refused while the room is full.
   */
  roomPresenceBytes: number;
  /**
   * STALLMAP_PRESENCE_GRACE_MS: a tab that sent a presence key (`?presence=`) keeps its presence
   * clientID this long after its socket drops: only the same key may claim it again, so nobody
   * else can take over a person's cursor while they reconnect.
   */
  presenceGraceMs: number;
  /** STALLMAP_PRESENCE_REMEMBERED: at most this many such clientIDs of people who left are kept per room; the oldest are forgotten first. */
  presenceRemembered: number;
  /**
   * STALLMAP_MAX_ROOMS: rooms loaded in memory at once. Opening one more unloads the least
   * recently used idle room first; with none idle, the connection is closed 4503 and retries.
   */
  maxRooms: number;
  /**
   * STALLMAP_HEADERS_TIMEOUT_MS, STALLMAP_REQUEST_TIMEOUT_MS: how long a client has to send a
   * request's headers, and the whole request with its body; past either it gets 408 and is closed.
   * They bound what a slow or silent connection holds (Node's own are 60 s and 5 minutes).
   */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * STALLMAP_MAX_CONNECTIONS: open sockets (HTTP and WebSocket) at once, kept below the process's
   * file descriptors. A new one past it closes the socket idle the longest (waiting for its first
   * headers, or kept alive between requests); with none idle, the new one is closed.
   */
  maxConnections: number;
  /** STALLMAP_MAX_ADDRESS_HTTP_CONNECTIONS: HTTP sockets (not WebSockets) from one address; the same rule, within the address. */
  maxAddressHttpConnections: number;
  /** STALLMAP_MAX_UPLOADS, STALLMAP_MAX_ADDRESS_UPLOADS: request bodies being read at once, overall and from one address; more: 503 and 429. */
  maxUploads: number;
  maxAddressUploads: number;
  /**
   * STALLMAP_MAPS_PER_HOUR, STALLMAP_ADDRESS_MAPS_PER_HOUR: maps created, overall and from one
   * address, as allowances that refill over the hour (all at once if need be); past one: 429.
   */
  mapsPerHour: number;
  addressMapsPerHour: number;
  /**
   * STALLMAP_ADDRESS_LINK_REPLACEMENTS_PER_HOUR: links replaced from one address (POST
   * /api/maps/<id>/links/<role>), an allowance that refills over the hour; past it: 429. Each
   * replacement is a write, a message to every server and closed sockets.
   */
  addressLinkReplacementsPerHour: number;
  /** STALLMAP_NEW_MAP_BYTES_PER_HOUR: bytes of new maps (as JSON) per hour, the disk's budget for them; past it: 507. */
  newMapBytesPerHour: number;
  /** STALLMAP_MIN_FREE_DISK_BYTES: no new maps while the data directory's disk has less free (507); open maps carry on. */
  minFreeDiskBytes: number;
  /** STALLMAP_CREATE_TOKEN: when set, creating a map needs it (`Authorization: Bearer`), for a private server. */
  createToken: string;
  /** STALLMAP_ALLOWED_ORIGINS: origins, besides the server's own, whose pages may create maps (comma-separated). */
  allowedOrigins: string[];
  /** STALLMAP_LOG_LINES_PER_REASON, STALLMAP_LOG_INTERVAL_MS: log lines of one reason per interval; the rest are counted in one line. */
  logLinesPerReason: number;
  logIntervalMs: number;
  /** STALLMAP_LOG_FORMAT: `text` (one `key=value` line per event) or `json` (one JSON object per line, for log shippers). */
  logFormat: LogFormat;
  /** STALLMAP_LOG_LEVEL: `info` (everything), `warn` (refusals and failures, not connections coming and going) or `error`. */
  logLevel: LogLevel;
  /** STALLMAP_METRICS_TOKEN: when set, `GET /metrics` needs it (`Authorization: Bearer`, as Prometheus's `authorization` sends it); else it is open. */
  metricsToken: string;
  /**
   * STALLMAP_TRUSTED_PROXIES: the load balancers in front (addresses or CIDR ranges,
   * comma-separated) whose `X-Forwarded-For` names the client the per-address limits count; empty:
   * none, every client is its socket's address (sync/trusted-proxy.ts).
   */
  trustedProxies: string;
  /**
   * STALLMAP_REDIS_URL: when set (`redis://host:6379`), rooms, records and the bus between
   * instances live in this Redis (7 or later, or Valkey, AOF on), so several servers can serve one
   * map; `dataDir` is then unused. Empty: LevelDB in `dataDir`, one server (storage/redis.ts, sync/bus-redis.ts).
   */
  redisUrl: string;
  /** STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1: start on a Redis whose AOF is off (a test, a cache); otherwise the server refuses to, since a restart of Redis would lose edits people saw. */
  redisAllowNoPersistence: boolean;
  /** STALLMAP_REDIS_COMPACT_ENTRIES: a room's log in Redis is folded into its snapshot once this many updates were appended since the last one. */
  redisCompactEntries: number;
  /** STALLMAP_REDIS_RETENTION_MS: updates younger than this stay in the log after compaction, so an instance a moment behind catches up from the log instead of reloading the snapshot. */
  redisRetentionMs: number;
  /** STALLMAP_REDIS_LIVENESS_MS: an instance not heard from this long counts as dead: its place in a room's log no longer holds back trimming (renewed every third of it). */
  redisLivenessMs: number;
  /**
   * STALLMAP_ANSWER_THREADS: worker threads that make the read routes' answers (the map, its
   * analysis, its plan: api/answer-threads.ts), off the main thread and every room's edits. 0: one
   * per core beyond the first, at most two.
   */
  answerThreads: number;
  /** STALLMAP_ANSWER_HEAP_MB: the heap of each answer thread; a map whose answer needs more gets a 500, and the thread is started afresh. */
  answerHeapMb: number;
}

export const defaultSettings: Settings = {
  port: 8080,
  host: '',
  publicUrl: '',
  dataDir: './data',
  dataDirSetting: 'STALLMAP_DATA',
  distDir: 'dist',
  dev: false,
  maxMessageBytes: 1024 * 1024,
  maxBodyBytes: 32 * 1024 * 1024,
  roomIdleMs: 30_000,
  shadowIdleMs: 30_000,
  pingIntervalMs: 30_000,
  probeMs: 5000,
  fanoutWindowMs: 10,
  awarenessWindowMs: 30,
  fanoutSendsPerSecond: 10_000,
  slowClientBytes: 4 * 1024 * 1024,
  maxSteps: 10_000,
  maxJoins: 20_000,
  maxDocBytes: 16 * 1024 * 1024,
  maxRoomConnections: 100,
  maxAddressConnections: 200,
  messagesPerSecond: 200,
  bytesPerSecond: 256 * 1024,
  outboundBytesPerSecond: 1024 * 1024,
  roomOutboundBytesPerSecond: 16 * 1024 * 1024,
  serverOutboundBytesPerSecond: 64 * 1024 * 1024,
  maxPresenceBytes: 64 * 1024,
  roomPresenceBytes: 512 * 1024,
  presenceGraceMs: 10 * 60_000,
  presenceRemembered: 1000,
  maxRooms: 500,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 4096,
  maxAddressHttpConnections: 256,
  maxUploads: 32,
  maxAddressUploads: 4,
  mapsPerHour: 600,
  addressMapsPerHour: 60,
  addressLinkReplacementsPerHour: 30,
  newMapBytesPerHour: 256 * 1024 * 1024,
  minFreeDiskBytes: 256 * 1024 * 1024,
  createToken: '',
  allowedOrigins: [],
  logLinesPerReason: 100,
  logIntervalMs: 60_000,
  logFormat: 'text',
  logLevel: 'info',
  metricsToken: '',
  trustedProxies: '',
  redisUrl: '',
  redisAllowNoPersistence: false,
  redisCompactEntries: 500,
  redisRetentionMs: 60_000,
  redisLivenessMs: 3000,
  answerThreads: 0,
  answerHeapMb: 512,
};

const numberFromEnv: Record<string, keyof Settings> = {
  PORT: 'port',
  STALLMAP_MAX_MESSAGE_BYTES: 'maxMessageBytes',
  STALLMAP_MAX_BODY_BYTES: 'maxBodyBytes',
  STALLMAP_ROOM_IDLE_MS: 'roomIdleMs',
  STALLMAP_SHADOW_IDLE_MS: 'shadowIdleMs',
  STALLMAP_PING_MS: 'pingIntervalMs',
  STALLMAP_PROBE_MS: 'probeMs',
  STALLMAP_FANOUT_MS: 'fanoutWindowMs',
  STALLMAP_AWARENESS_FANOUT_MS: 'awarenessWindowMs',
  STALLMAP_FANOUT_SENDS_PER_SECOND: 'fanoutSendsPerSecond',
  STALLMAP_SLOW_CLIENT_BYTES: 'slowClientBytes',
  STALLMAP_MAX_STEPS: 'maxSteps',
  STALLMAP_MAX_JOINS: 'maxJoins',
  STALLMAP_MAX_DOC_BYTES: 'maxDocBytes',
  STALLMAP_MAX_ROOM_CONNECTIONS: 'maxRoomConnections',
  STALLMAP_MAX_ADDRESS_CONNECTIONS: 'maxAddressConnections',
  STALLMAP_MESSAGES_PER_SECOND: 'messagesPerSecond',
  STALLMAP_BYTES_PER_SECOND: 'bytesPerSecond',
  STALLMAP_OUTBOUND_BYTES_PER_SECOND: 'outboundBytesPerSecond',
  STALLMAP_ROOM_OUTBOUND_BYTES_PER_SECOND: 'roomOutboundBytesPerSecond',
  STALLMAP_SERVER_OUTBOUND_BYTES_PER_SECOND: 'serverOutboundBytesPerSecond',
  STALLMAP_MAX_PRESENCE_BYTES: 'maxPresenceBytes',
  STALLMAP_ROOM_PRESENCE_BYTES: 'roomPresenceBytes',
  STALLMAP_PRESENCE_GRACE_MS: 'presenceGraceMs',
  STALLMAP_PRESENCE_REMEMBERED: 'presenceRemembered',
  STALLMAP_MAX_ROOMS: 'maxRooms',
  STALLMAP_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  STALLMAP_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  STALLMAP_MAX_CONNECTIONS: 'maxConnections',
  STALLMAP_MAX_ADDRESS_HTTP_CONNECTIONS: 'maxAddressHttpConnections',
  STALLMAP_MAX_UPLOADS: 'maxUploads',
  STALLMAP_MAX_ADDRESS_UPLOADS: 'maxAddressUploads',
  STALLMAP_MAPS_PER_HOUR: 'mapsPerHour',
  STALLMAP_ADDRESS_MAPS_PER_HOUR: 'addressMapsPerHour',
  STALLMAP_ADDRESS_LINK_REPLACEMENTS_PER_HOUR: 'addressLinkReplacementsPerHour',
  STALLMAP_NEW_MAP_BYTES_PER_HOUR: 'newMapBytesPerHour',
  STALLMAP_MIN_FREE_DISK_BYTES: 'minFreeDiskBytes',
  STALLMAP_LOG_LINES_PER_REASON: 'logLinesPerReason',
  STALLMAP_LOG_INTERVAL_MS: 'logIntervalMs',
  STALLMAP_REDIS_COMPACT_ENTRIES: 'redisCompactEntries',
  STALLMAP_REDIS_RETENTION_MS: 'redisRetentionMs',
  STALLMAP_REDIS_LIVENESS_MS: 'redisLivenessMs',
  STALLMAP_ANSWER_THREADS: 'answerThreads',
  STALLMAP_ANSWER_HEAP_MB: 'answerHeapMb',
};

/** Every environment variable the server reads (README's "Security and limits" lists them all; a test checks). */
export const ENV_NAMES = [
  ...Object.keys(numberFromEnv),
  'HOST',
  'PUBLIC_URL',
  'STALLMAP_DATA',
  'STALLMAP_DEV',
  'STALLMAP_CREATE_TOKEN',
  'STALLMAP_ALLOWED_ORIGINS',
  'STALLMAP_LOG_FORMAT',
  'STALLMAP_LOG_LEVEL',
  'STALLMAP_METRICS_TOKEN',
  'STALLMAP_TRUSTED_PROXIES',
  'STALLMAP_REDIS_URL',
  'STALLMAP_REDIS_ALLOW_NO_PERSISTENCE',
];

/** Settings from the environment; a malformed number is an error at start, not a silent default. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const settings: Settings = { ...defaultSettings };
  const numbers = settings as unknown as Record<string, number>;
  for (const [name, key] of Object.entries(numberFromEnv)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, not '${raw}'`);
    numbers[key] = value;
  }
  if (env.HOST) settings.host = env.HOST;
  if (env.PUBLIC_URL) settings.publicUrl = parsePublicUrl(env.PUBLIC_URL);
  if (env.STALLMAP_DATA) settings.dataDir = env.STALLMAP_DATA;
  settings.dev = env.STALLMAP_DEV === '1';
  if (env.STALLMAP_CREATE_TOKEN) settings.createToken = env.STALLMAP_CREATE_TOKEN;
  if (env.STALLMAP_ALLOWED_ORIGINS) settings.allowedOrigins = env.STALLMAP_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  settings.logFormat = oneOf('STALLMAP_LOG_FORMAT', env.STALLMAP_LOG_FORMAT, LOG_FORMATS, settings.logFormat);
  settings.logLevel = oneOf('STALLMAP_LOG_LEVEL', env.STALLMAP_LOG_LEVEL, LOG_LEVELS, settings.logLevel);
  if (env.STALLMAP_METRICS_TOKEN) settings.metricsToken = env.STALLMAP_METRICS_TOKEN;
  if (env.STALLMAP_TRUSTED_PROXIES) {
    parseTrustedProxies(env.STALLMAP_TRUSTED_PROXIES); // a wrong entry stops the server at start, naming it
    settings.trustedProxies = env.STALLMAP_TRUSTED_PROXIES;
  }
  if (env.STALLMAP_REDIS_URL) settings.redisUrl = redisUrlOf(env.STALLMAP_REDIS_URL);
  settings.redisAllowNoPersistence = env.STALLMAP_REDIS_ALLOW_NO_PERSISTENCE === '1';
  return settings;
}

/** STALLMAP_REDIS_URL as Redis clients take it; anything else (ioredis would read `http://x` as a socket path) stops the server at start. */
function redisUrlOf(raw: string): string {
  if (/^rediss?:\/\/[^/]/.test(raw) && URL.canParse(raw)) return raw;
  // Named without its password, if it has one.
  const shown = URL.canParse(raw) ? `, not '${redisLabel(raw)}'` : '';
  throw new Error(`STALLMAP_REDIS_URL must be a redis:// or rediss:// URL (redis://host:6379)${shown}`);
}

/** A setting with a few named values: an unknown one is an error at start, like a malformed number. */
function oneOf<T extends string>(name: string, raw: string | undefined, values: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new Error(`${name} must be ${values.join(' or ')}, not '${raw}'`);
  return raw as T;
}
