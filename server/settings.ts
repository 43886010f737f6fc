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
  fanoutWindowMs: 10,
  awarenessWindowMs: 30,
  slowClientBytes: 4 * 1024 * 1024,
};

const numberFromEnv: Record<string, keyof Settings> = {
  PORT: 'port',
  STALLMAP_MAX_MESSAGE_BYTES: 'maxMessageBytes',
  STALLMAP_MAX_BODY_BYTES: 'maxBodyBytes',
  STALLMAP_ROOM_IDLE_MS: 'roomIdleMs',
  STALLMAP_PING_MS: 'pingIntervalMs',
  STALLMAP_FANOUT_MS: 'fanoutWindowMs',
  STALLMAP_AWARENESS_FANOUT_MS: 'awarenessWindowMs',
  STALLMAP_SLOW_CLIENT_BYTES: 'slowClientBytes',
};

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
