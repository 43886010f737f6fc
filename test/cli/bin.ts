import { execFile } from 'node:child_process';

export interface BinResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `stallmap` bin as a user would, from the repository root, with no colour forced
 * on; `env` adds to the environment (SOURCE_DATE_EPOCH for a plan's date).
 */
export function runBin(args: readonly string[], env: Record<string, string> = {}): Promise<BinResult> {
  const options = { cwd: new URL('../..', import.meta.url), env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/stallmap.js', ...args], options, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
