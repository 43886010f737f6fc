import { settingsFromEnv } from '../settings';
import { UsageError } from './args';
import type { Command } from './command';

const usage = 'stallmap serve [--port N] [--host HOST] [--data DATA]';

/**
 * `stallmap serve`: the server and the built app, as `npm start` runs them, with the flags over
 * the environment's settings (README, "Security and limits"). Runs until SIGTERM or SIGINT. The
 * server's modules (LevelDB, ws) load only for this command.
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app, its HTTP API and live sync until stopped (Ctrl+C); other settings come from the environment',
  usage,
  positionals: [],
  flags: {
    port: { value: 'N', description: 'the port to listen on (default: $PORT, else 8080; 0 picks a free one)' },
    host: { value: 'HOST', description: 'the interface to listen on (default: $HOST, else every interface)' },
    data: { value: 'DATA', description: 'the data directory (default: $STALLMAP_DATA, else ./data)' },
  },
  async run(args) {
    if (args.positionals.length > 0) throw new UsageError(`serve takes no file, got '${args.positionals[0]}'`, usage);
    let settings: ReturnType<typeof settingsFromEnv>;
    try {
      settings = settingsFromEnv(process.env);
    } catch (error) {
      throw new UsageError((error as Error).message, usage);
    }
    if (args.flags.port !== undefined) settings.port = portOf(args.flags.port);
    if (args.flags.host !== undefined) settings.host = args.flags.host;
    if (args.flags.data !== undefined) Object.assign(settings, { dataDir: args.flags.data, dataDirSetting: '--data' });
    const { builtAppDir, serveUntilStopped } = await import('../serve');
    return serveUntilStopped({ ...settings, distDir: builtAppDir() });
  },
};

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${text}'`, usage);
  return port;
}
