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
  /** STALLMAP_DATA: where LevelDB keeps the rooms and the maps' access records. */
  dataDir: string;
  /** The built app (vite build). Not an env setting: it is where `npm run build` writes. */
  distDir: string;
  /** STALLMAP_DEV=1: serve the app through Vite's middleware (hot reload) instead of dist/. */
  dev: boolean;
  /** STALLMAP_MAX_MESSAGE_BYTES: largest WebSocket message (ws's own default is 100 MiB). */
  maxMessageBytes: number;
  /** STALLMAP_MAX_BODY_BYTES: largest HTTP request body; larger answers 413. */
  maxBodyBytes: number;
  /** STALLMAP_ROOM_IDLE_MS: a room with no connections this long is unloaded and compacted. */
  roomIdleMs: number;
  /** STALLMAP_PING_MS: ping every client this often; one that missed the last pong is dropped. */
  pingIntervalMs: number;
  /**
   * STALLMAP_PROBE_MS: when a second connection announces a person's presence, the first is
   * pinged and has this long to answer, or is dropped (the old socket of a laptop whose wifi
   * came back), so the person's presence moves to the new socket in seconds.
   */
  probeMs: number;
  /**
   * STALLMAP_FANOUT_MS: a room sends at most one batch of updates (and one of awareness) per
   * window. An isolated edit goes out at once; under load the window bounds the messages per
   * client per second, which is what keeps fan-out from growing with the square of the room.
   */
  fanoutWindowMs: number;
  /**
   * STALLMAP_AWARENESS_FANOUT_MS: the same for presence (cursors, selections). Wider than for
   * edits: the stock provider echoes every presence message it receives back to the server, so
   * each presence message costs every client twice, and a cursor 30 ms late is still smooth.
   */
  awarenessWindowMs: number;
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
   * STALLMAP_MAX_PRESENCE_BYTES: the largest presence (awareness) state of one person. A larger
   * one is not relayed (logged once per connection); the connection stays, since the stock
   * provider resends its state on every reconnect and closing it would only loop.
   */
  maxPresenceBytes: number;
  /**
   * STALLMAP_MAX_ROOMS: rooms loaded in memory at once. Opening one more unloads the least
   * recently used idle room first; with none idle, the connection is closed 4503 and retries.
   */
  maxRooms: number;
}

export const defaultSettings: Settings = {
  port: 8080,
  host: '',
  dataDir: './data',
  distDir: 'dist',
  dev: false,
  maxMessageBytes: 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  roomIdleMs: 30_000,
  pingIntervalMs: 30_000,
  probeMs: 5000,
  fanoutWindowMs: 10,
  awarenessWindowMs: 30,
  slowClientBytes: 4 * 1024 * 1024,
  maxSteps: 10_000,
  maxJoins: 20_000,
  maxDocBytes: 16 * 1024 * 1024,
  maxRoomConnections: 100,
  maxAddressConnections: 200,
  messagesPerSecond: 200,
  bytesPerSecond: 256 * 1024,
  maxPresenceBytes: 64 * 1024,
  maxRooms: 500,
};

const numberFromEnv: Record<string, keyof Settings> = {
  PORT: 'port',
  STALLMAP_MAX_MESSAGE_BYTES: 'maxMessageBytes',
  STALLMAP_MAX_BODY_BYTES: 'maxBodyBytes',
  STALLMAP_ROOM_IDLE_MS: 'roomIdleMs',
  STALLMAP_PING_MS: 'pingIntervalMs',
  STALLMAP_PROBE_MS: 'probeMs',
  STALLMAP_FANOUT_MS: 'fanoutWindowMs',
  STALLMAP_AWARENESS_FANOUT_MS: 'awarenessWindowMs',
  STALLMAP_SLOW_CLIENT_BYTES: 'slowClientBytes',
  STALLMAP_MAX_STEPS: 'maxSteps',
  STALLMAP_MAX_JOINS: 'maxJoins',
  STALLMAP_MAX_DOC_BYTES: 'maxDocBytes',
  STALLMAP_MAX_ROOM_CONNECTIONS: 'maxRoomConnections',
  STALLMAP_MAX_ADDRESS_CONNECTIONS: 'maxAddressConnections',
  STALLMAP_MESSAGES_PER_SECOND: 'messagesPerSecond',
  STALLMAP_BYTES_PER_SECOND: 'bytesPerSecond',
  STALLMAP_MAX_PRESENCE_BYTES: 'maxPresenceBytes',
  STALLMAP_MAX_ROOMS: 'maxRooms',
};

/** Every environment variable the server reads (README's "Security and limits" lists them all; a test checks). */
export const ENV_NAMES = [...Object.keys(numberFromEnv), 'HOST', 'STALLMAP_DATA', 'STALLMAP_DEV'];

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
  if (env.STALLMAP_DATA) settings.dataDir = env.STALLMAP_DATA;
  settings.dev = env.STALLMAP_DEV === '1';
  return settings;
}
