import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorText, formatLine, type Logger } from '../log';
import { defaultSettings } from '../settings';
import { openLeveldbStore, type OpenOptions } from '../storage/leveldb';
import type { DocStore } from '../storage/store';
import { UsageError } from './args';
import type { Io } from './io';

/** `--data DIR`, else STALLMAP_DATA, else the server's default: the directory `npm start` uses. */
export function dataDirOf(flags: Record<string, string>): string {
  return flags.data ?? (process.env.STALLMAP_DATA || defaultSettings.dataDir);
}

/** What the store finds wrong goes to stderr, one line each, as the server would log it. */
function stderrLogger(io: Io): Logger {
  const line = (level: string) => (event: string, fields?: Record<string, string | number | boolean | undefined>) => io.err(`stallmap: ${formatLine(level, event, fields).replace(/^\S+ /, '')}\n`);
  return { info() {}, warn: line('warning'), error: line('error') };
}

/**
 * Opens a data directory's store for a backup command. A directory a running server holds is
 * refused (LevelDB's lock says so), with what to do instead; so is one with no database, when
 * `mustExist` (export: a typo in --data must not export nothing and succeed).
 */
export async function openDataDir(dataDir: string, io: Io, usage: string, options: OpenOptions & { mustExist: boolean }): Promise<DocStore> {
  if (options.mustExist && !existsSync(join(dataDir, 'leveldb'))) throw new UsageError(`no Stallmap data in ${resolve(dataDir)} (no leveldb/ in it)`, usage);
  try {
    return await openLeveldbStore(dataDir, { salvage: options.salvage, log: stderrLogger(io) });
  } catch (error) {
    const text = errorText(error);
    if (/lock/i.test(text)) {
      throw new UsageError(`the data directory ${resolve(dataDir)} is in use by a running Stallmap server: stop the server first (or copy the directory and use the copy)`, usage);
    }
    throw new UsageError(text, usage);
  }
}
