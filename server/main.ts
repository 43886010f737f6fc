import { consoleLogger, errorText } from './log';
import { builtAppDir, serveUntilStopped } from './serve';
import { settingsFromEnv } from './settings';

/**
 * The server with settings from the environment (settings.ts): `npm start` and the container run
 * this compiled (dist-server/main.js), `npm run dev` through tsx. Exits 0 after a clean stop, 2
 * when it cannot start on the settings it was given, 3 on a bug (serve.ts).
 */
async function main(): Promise<number> {
  let settings: ReturnType<typeof settingsFromEnv>;
  try {
    settings = settingsFromEnv(process.env);
  } catch (error) {
    consoleLogger.error('server.start-failed', { error: errorText(error) });
    return 2;
  }
  return serveUntilStopped({ ...settings, distDir: builtAppDir() });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    consoleLogger.error('server.start-failed', { error: errorText(error) });
    process.exit(3);
  },
);
