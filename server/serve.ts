import { join } from 'node:path';
import { startServer } from './app';
import { whenLauncherGone } from './launcher-gone';
import { createConsoleLogger, errorText } from './log';
import { packageRoot } from './package-root';
import { openAddresses } from './public-url';
import type { Settings } from './settings';
import { startFailureStatus } from './start-failure';

/** The app as `npm run build` wrote it into this package, wherever the command is run from. */
export const builtAppDir = () => join(packageRoot, 'dist');

/**
 * Runs the server (`npm start`, `stallmap serve`, the container) until SIGTERM or SIGINT, or, run
 * through npm, until npm exits, logging to the console in the format and at the level the
 * settings ask. A stop closes every socket (1001), writes what is pending and resolves 0; a
 * second signal exits at once. If the server cannot start, the reason is logged and it resolves
 * 2 when that is the person's to fix (a port in use, an unusable data directory or Redis), else
 * 3, as every `stallmap` command exits.
 */
export async function serveUntilStopped(settings: Settings): Promise<number> {
  const logger = createConsoleLogger(settings);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ ...settings, logger });
  } catch (error) {
    logger.error('server.start-failed', { error: errorText(error) });
    return startFailureStatus(error);
  }
  return new Promise((resolve) => {
    let stopping = false;
    let signalled = false;
    const stop = (why: { signal: string } | { launcher: 'exited' }) => {
      // A second signal is someone insisting; the launcher's exit and a signal together (Ctrl+C
      // reaches npm, the shell and the server at once) are one stop.
      if ('signal' in why) {
        if (signalled) process.exit(1);
        signalled = true;
      }
      if (stopping) return;
      stopping = true;
      unwatch();
      logger.info('server.stopping', why);
      server.close().then(
        () => resolve(0),
        (error) => {
          logger.error('server.stop-failed', { error: errorText(error) });
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => stop({ signal: 'SIGTERM' }));
    process.on('SIGINT', () => stop({ signal: 'SIGINT' }));
    // npx does not pass a SIGTERM on to the server: its exit is the stop signal (launcher-gone.ts).
    const unwatch = whenLauncherGone(() => stop({ launcher: 'exited' }));
    // Said only once a stop signal is handled: whatever waits for this line may send one at once.
    // `open`: the addresses people can open (PUBLIC_URL, else this machine's LAN addresses and localhost), not only loopback.
    // On Redis no data directory is used: the storage.redis line named the Redis.
    const { settings: given } = server;
    const data = given.redisUrl ? undefined : given.dataDir;
    logger.info('server.listening', { open: openAddresses(given, server.port).join(' '), port: server.port, data, dev: given.dev || undefined });
  });
}
