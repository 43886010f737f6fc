import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorText, formatLine, type Logger } from '../log';
import { defaultSettings } from '../settings';
import { openLeveldbStore, type OpenOptions } from '../storage/leveldb';
import { redisLabel } from '../storage/redis-label';
import type { DocStore } from '../storage/store';
import { UsageError } from './args';
import type { Io } from './io';

/**
 * `--data DIR`, else STALLMAP_REDIS_URL (a `redis://` URL: the Redis the servers share), else
 * STALLMAP_DATA, else the server's default: the storage `npm start` uses. Moving from LevelDB to
 * Redis is an export with `--data` and an import with STALLMAP_REDIS_URL.
 */
export function dataDirOf(flags: Record<string, string>): string {
  return flags.data ?? (process.env.STALLMAP_REDIS_URL || process.env.STALLMAP_DATA || defaultSettings.dataDir);
}

export const isRedisUrl = (dataDir: string) => /^rediss?:\/\//.test(dataDir);

/** The data directory, or the Redis URL without its password: what messages name. */
export const storageLabel = (dataDir: string) => (isRedisUrl(dataDir) ? redisLabel(dataDir) : dataDir);

/** What the store finds wrong goes to stderr, one line each, as the server would log it. */
function stderrLogger(io: Io): Logger {
  const line = (level: string) => (event: string, fields?: Record<string, string | number | boolean | undefined>) => io.err(`stallmap: ${formatLine(level, event, fields).replace(/^\S+ /, '')}\n`);
  return { info() {}, warn: line('warning'), error: line('error') };
}

/**
 * Opens a data directory's store for a backup command. A directory a running server holds is
 * refused (LevelDB's lock says so), with what to do instead; so is one with no database, when
 * `mustExist` (export: a typo in --data must not export nothing and succeed). `onlyReads`: the
 * command writes nothing there (export).
 */
export async function openDataDir(dataDir: string, io: Io, usage: string, options: OpenOptions & { mustExist: boolean; onlyReads: boolean }): Promise<DocStore> {
  if (isRedisUrl(dataDir)) {
    // Redis is shared and always running: no lock to check, nothing to salvage. It is checked for
    // AOF as by the server, but a backup only warns: a Redis that would lose edits on a restart is
    // when a backup is most needed. A restore is refused there, as the servers would be.
    const { openRedisStore } = await import('../storage/redis');
    const noPersistence = process.env.STALLMAP_REDIS_ALLOW_NO_PERSISTENCE === '1' ? 'allow' : options.onlyReads ? 'warn' : 'refuse';
    return openRedisStore(dataDir, { log: stderrLogger(io), noPersistence }).catch((error) => {
      throw new UsageError(errorText(error), usage);
    });
  }
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
