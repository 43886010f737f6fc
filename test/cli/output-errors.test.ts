import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { expect, it } from 'vitest';

/**
 * Output that cannot be written (a full disk: /dev/full) is the same failure whether it goes to
 * stdout or to `--out`: exit 2 with the reason in words, never an internal error to report.
 */
function runInto(args: string[], stdoutPath: string): Promise<{ status: number | null; stderr: string }> {
  const fd = openSync(stdoutPath, 'w');
  const child = spawn(process.execPath, ['bin/stallmap.js', ...args], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '' } });
  closeSync(fd);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stderr })));
}

// /dev/full is on every Linux this runs on (CI is Debian): a write to it fails with ENOSPC.
it('exits 2 saying the disk is full, for stdout and for --out alike', async () => {
  const map = 'test/fixtures/contract-review.json';
  for (const args of [['analyze', map], ['plan', map], ['--help'], ['plan', map, '--out', '/dev/full']]) {
    const { status, stderr } = await runInto(args, args.includes('--out') ? '/dev/null' : '/dev/full');
    expect(status, args.join(' ')).toBe(2);
    expect(stderr, args.join(' ')).toMatch(/^stallmap: cannot write the (output|plan to \/dev\/full): the disk is full\n/);
    expect(stderr, args.join(' ')).not.toContain('report it');
  }
}, 60_000);
