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

export const consoleLogger: Logger = {
  info: (event, fields) => process.stdout.write(`${formatLine('info', event, fields)}\n`),
  warn: (event, fields) => process.stderr.write(`${formatLine('warn', event, fields)}\n`),
  error: (event, fields) => process.stderr.write(`${formatLine('error', event, fields)}\n`),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The message of anything thrown, for a log field. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
