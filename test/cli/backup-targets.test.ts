import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { openLeveldbStore } from '../../server/storage/leveldb';
import { startRedis, type TestRedis } from '../server/redis-server';
import { scratchSpace } from '../server/scratch';

/**
 * Where a backup cannot go, and a Redis without persistence: what the person must fix is a usage
 * error (exit 2) saying what, never an internal error; and a backup is taken even from a Redis
 * that would lose edits on a restart (when one is most needed), only the restore refusing it.
 */
const scratch = scratchSpace('stallmap-backup-targets-');

async function stallmap(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    const status = await main(args, { out: (text) => (stdout += text), err: (text) => (stderr += text), color: false });
    return { status, stdout, stderr };
  } finally {
    for (const key of Object.keys(env)) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  }
}

async function emptyDataDir(): Promise<string> {
  const dataDir = scratch.tempDir();
  await (await openLeveldbStore(dataDir)).close();
  return dataDir;
}

describe('export-all into a target it cannot use', () => {
  it('is a usage error naming the target, for a file and for a path under a file', async () => {
    const dataDir = await emptyDataDir();
    const file = join(scratch.tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    for (const [target, reason] of [
      [file, `${file} is not a directory`],
      ['/dev/null/x', 'cannot create /dev/null/x'],
    ]) {
      const result = await stallmap(['export-all', target, '--data', dataDir]);
      expect(result.status, target).toBe(2);
      expect(result.stderr, target).toContain(reason);
      expect(result.stderr, target).not.toContain('internal error');
    }
  });
});

describe('a Redis without persistence', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis({ appendonly: false });
  });
  afterAll(() => redis?.stop());

  it('is backed up, with a warning; a restore into it is refused unless allowed', async () => {
    const backup = join(scratch.tempDir(), 'backup');
    const exported = await stallmap(['export-all', backup], { STALLMAP_REDIS_URL: redis.url });
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('exported 0 maps');
    expect(exported.stderr).toContain('has persistence off');
    const imported = await stallmap(['import-all', backup], { STALLMAP_REDIS_URL: redis.url });
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('STALLMAP_REDIS_ALLOW_NO_PERSISTENCE=1');
  });
});
