import type { Command } from './command';

export const EXPORT_ALL_USAGE = 'stallmap export-all DIR [--data DATA]';
export const IMPORT_ALL_USAGE = 'stallmap import-all DIR [--data DATA]';

const data = (what: string) => ({ value: 'DATA', description: `the data directory ${what} (default: $STALLMAP_REDIS_URL if set, a redis:// URL; else $STALLMAP_DATA, else ./data)` });

/**
 * Backups of a data directory (export-all.ts, import-all.ts). Their modules load LevelDB and Yjs,
 * so they are imported when one of these runs, not on every `stallmap analyze`.
 */
export const exportAllCommand: Command = {
  name: 'export-all',
  summary: 'Back up every map of a data directory (stop the server first) into DIR: map JSON with review data, access records, Yjs state',
  usage: EXPORT_ALL_USAGE,
  positionals: ['DIR'],
  flags: { data: data('to back up') },
  run: async (args, io) => (await import('./export-all')).exportAll(args, io),
};

export const importAllCommand: Command = {
  name: 'import-all',
  summary: 'Restore a backup made by export-all into a new data directory (stop the server first); links from before keep working',
  usage: IMPORT_ALL_USAGE,
  positionals: ['DIR'],
  flags: { data: data('to restore into') },
  run: async (args, io) => (await import('./import-all')).importAll(args, io),
};
