import { afterEach, expect, it } from 'vitest';
import { main } from '../../server/cli/main';

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
