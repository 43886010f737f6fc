import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { type AppHandle, startApp } from '../test/e2e/app';
import { type BrowserHandle, launchBrowser } from '../test/e2e/browser';

/** What the browser benchmarks (editor, compare) share: their command line, and the app they run in Chromium. */

/** `--name VALUE` on the command line, or undefined. */
export const flagValue = (args: readonly string[], name: string): string | undefined => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);

/** The map sizes asked for: the bare numbers, not a flag's value (`--runs 3` is no map of 3 steps); `defaults` if none. */
export function mapSizes(args: readonly string[], defaults: number[]): number[] {
  const sizes = args.filter((arg, i) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--')).map(Number);
  return sizes.length ? sizes : defaults;
}

/**
 * Runs `measure` against the production app served by a server of its own, in Chromium, and stops
 * both after. The app is `built` (`npx vite build --outDir DIR`, passed as `--dist DIR`), or built
 * here into a directory of its own and removed after: a build of dist/ by anything else running
 * meanwhile (a test run) cannot swap the app under the benchmark. The server takes bodies of up to
 * 64 MiB, room for the largest maps the benchmarks make, as a server would be configured for them.
 */
export async function withBuiltApp<T>(built: string | undefined, measure: (app: AppHandle, browser: BrowserHandle) => Promise<T>): Promise<T> {
  process.env.NODE_ENV = 'production';
  const distDir = built ?? mkdtempSync(join(tmpdir(), 'stallmap-bench-dist-'));
  if (!built) await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
  const app = await startApp({ distDir, maxBodyBytes: 64 * 1024 * 1024 });
  const browser = await launchBrowser();
  try {
    return await measure(app, browser);
  } finally {
    await browser.close();
    await app.close();
    if (!built) rmSync(distDir, { recursive: true, force: true });
  }
}
