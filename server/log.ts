/**
 * One line per event: `2026-11-21T10:00:00.000Z info conn.open room=… role=edit addr=…`.
 * Callers pass fields, never a URL or a header, so a token cannot reach the log by accident.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function formatLine(level: string, event: string, fields: LogFields = {}): string {
  let line = `${new Date().toISOString()} ${level} ${event}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = String(value);
    line += ` ${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
  }
  return line;
}

/**
 * The same line as one JSON object, for log shippers: `{"time":…,"level":…,"msg":"conn.open","room":…}`.
 * The event is `msg` (as pino and bunyan name it), so a field called `event` (log.suppressed has
 * one) keeps its name; a field named like one of the three keys is written as `field.<name>`.
 */
export function formatJson(level: string, event: string, fields: LogFields = {}): string {
  const line: Record<string, string | number | boolean> = { time: new Date().toISOString(), level, msg: event };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    line[key in line ? `field.${key}` : key] = value;
  }
  return JSON.stringify(line);
}

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
/** From the most to the least said: `warn` drops info lines (connections opening and closing), `error` keeps only failures. */
export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ConsoleLogSettings {
  logFormat: LogFormat;
  logLevel: LogLevel;
}

/** Info to stdout, warnings and errors to stderr, in the format asked for; lines under `logLevel` are not written. */
export function createConsoleLogger({ logFormat, logLevel }: ConsoleLogSettings): Logger {
  const format = logFormat === 'json' ? formatJson : formatLine;
  const least = LOG_LEVELS.indexOf(logLevel);
  const writer = (level: LogLevel, stream: NodeJS.WriteStream) =>
    LOG_LEVELS.indexOf(level) < least ? () => undefined : (event: string, fields?: LogFields) => stream.write(`${format(level, event, fields)}\n`);
  return { info: writer('info', process.stdout), warn: writer('warn', process.stderr), error: writer('error', process.stderr) };
}

export const consoleLogger: Logger = createConsoleLogger({ logFormat: 'text', logLevel: 'info' });

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The message of anything thrown, for a log field. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface LogRateLimit {
  /** Lines logged per reason (event, and its `reason` or `limit` field) in one interval; the rest are counted. */
  logLinesPerReason: number;
  logIntervalMs: number;
}

/**
 * A logger that writes the first `logLinesPerReason` lines of each reason per interval, then
 * counts the rest and writes one `log.suppressed` line per reason when the interval ends. A
 * flood of garbage or wrong-token connections is a few lines a minute, not one per frame.
 */
export function rateLimitedLogger(inner: Logger, { logLinesPerReason, logIntervalMs }: LogRateLimit): Logger {
  interface Window {
    level: keyof Logger;
    event: string;
    started: number;
    logged: number;
    suppressed: number;
  }
  const windows = new Map<string, Window>();
  let flushTimer: NodeJS.Timeout | undefined;

  const summarise = (window: Window) => {
    if (window.suppressed > 0) inner[window.level]('log.suppressed', { event: window.event, suppressed: window.suppressed, seconds: Math.round(logIntervalMs / 1000) || undefined });
  };
  /** Ends every window that is over: its summary line, and its count starts again. */
  const flush = () => {
    flushTimer = undefined;
    const now = performance.now();
    for (const [key, window] of windows) {
      if (now - window.started < logIntervalMs) continue;
      summarise(window);
      windows.delete(key);
    }
    if (windows.size > 0 && [...windows.values()].some((w) => w.suppressed > 0)) scheduleFlush();
  };
  const scheduleFlush = () => {
    if (flushTimer) return;
    const now = performance.now();
    const next = Math.min(...[...windows.values()].filter((w) => w.suppressed > 0).map((w) => w.started + logIntervalMs - now));
    flushTimer = setTimeout(flush, Math.max(0, next)).unref();
  };

  const write = (level: keyof Logger) => (event: string, fields?: LogFields) => {
    const key = `${level} ${event} ${fields?.reason ?? ''} ${fields?.limit ?? ''}`;
    const now = performance.now();
    let window = windows.get(key);
    if (window && now - window.started >= logIntervalMs) {
      summarise(window);
      window = undefined;
    }
    if (!window) {
      window = { level, event, started: now, logged: 0, suppressed: 0 };
      windows.set(key, window);
    }
    if (window.logged < logLinesPerReason) {
      window.logged += 1;
      inner[level](event, fields);
      return;
    }
    window.suppressed += 1;
    scheduleFlush();
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
