import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { runBin } from './bin';

/** `stallmap serve`'s command line (serving itself: test/package/pack.test.ts runs it from an install). */
async function run(...args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const status = await main(args, { out: () => undefined, err: (text) => (stderr += text), color: false });
  return { status, stderr };
}

const saved = process.env.STALLMAP_MAX_ROOMS;
afterEach(() => {
  if (saved === undefined) delete process.env.STALLMAP_MAX_ROOMS;
  else process.env.STALLMAP_MAX_ROOMS = saved;
});

it('refuses a port that is not one, and a file it does not take, with its usage (exit 2)', async () => {
  for (const [args, message] of [
    [['serve', '--port', 'eighty'], "--port must be a whole number from 0 to 65535, not 'eighty'"],
    [['serve', '--port', '70000'], "--port must be a whole number from 0 to 65535, not '70000'"],
    [['serve', 'map.json'], "serve takes no file, got 'map.json'"],
    [['serve', '--verbose'], "unknown option '--verbose'"],
  ] as const) {
    const { status, stderr } = await run(...args);
    expect(status, args.join(' ')).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: stallmap serve [--port N] [--host HOST] [--data DATA]');
  }
});

it('refuses a malformed setting in the environment before it starts anything (exit 2)', async () => {
  process.env.STALLMAP_MAX_ROOMS = 'lots';
  const { status, stderr } = await run('serve', '--port', '0');
  expect(status).toBe(2);
  expect(stderr).toContain("STALLMAP_MAX_ROOMS must be a whole number ≥ 0, not 'lots'");
});

it('exits 2, saying why, when it cannot start on what it was given', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-serve-'));
  const data = ['--data', dataDir];
  try {
    for (const [args, env, said] of [
      [['serve', '--port', String(port), '--host', '127.0.0.1', ...data], {}, 'in use'],
      [['serve', '--port', '0', '--host', '256.1.1.1', ...data], {}, '256.1.1.1'],
      [['serve', '--port', '0', '--data', '/etc/passwd'], {}, 'Set --data to a writable directory'],
      [['serve', '--port', '0'], { STALLMAP_REDIS_URL: 'http://x' }, "STALLMAP_REDIS_URL must be a redis:// or rediss:// URL (redis://host:6379), not 'http://x'"],
    ] as const) {
      const result = await runBin(args, env);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(said);
      expect(result.stderr, args.join(' ')).not.toContain('STALLMAP_DATA');
    }
  } finally {
    taken.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
