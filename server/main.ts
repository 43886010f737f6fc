import { startServer } from './app';
import { consoleLogger, errorText } from './log';
import { settingsFromEnv } from './settings';

/**
 * `npm start` / `npm run dev`: the server with settings from the environment (see settings.ts).
 * SIGTERM or SIGINT writes what is pending, closes every socket and exits 0; a second signal exits at once.
 */
async function main(): Promise<void> {
  const server = await startServer({ ...settingsFromEnv(process.env), logger: consoleLogger });
  consoleLogger.info('server.listening', { url: server.url, port: server.port, data: server.settings.dataDir, dev: server.settings.dev || undefined });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    consoleLogger.info('server.stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (error) => {
        consoleLogger.error('server.stop-failed', { error: errorText(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  consoleLogger.error('server.start-failed', { error: errorText(error) });
  process.exit(1);
});
