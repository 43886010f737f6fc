// Whether the compiled build (dist/ and dist-server/) is current with the sources beside it. Plain
// JavaScript, because it decides whether the TypeScript can be skipped. In an installed package
// there are no sources: the build it ships is current by definition.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a build reads; a newer file in any of these means the build is out of date. */
const SOURCES = ['server', 'src', 'public', 'scripts', 'vite.config.ts', 'package.json'];
/** What a build writes. */
const OUTPUTS = ['dist/index.html', 'dist-server/main.js', 'dist-server/cli.js', 'dist-server/answer-worker.js'];

/** A checkout (the TypeScript is here) rather than an installed package. */
export const isSourceCheckout = (root) => existsSync(join(root, 'server', 'cli', 'main.ts'));

/** 'missing': not built; 'stale': a source changed after the last build; 'current'. */
export function buildState(root) {
  const built = OUTPUTS.map((path) => statSync(join(root, path), { throwIfNoEntry: false }));
  if (built.some((stat) => !stat)) return 'missing';
  if (!isSourceCheckout(root)) return 'current';
  const oldestOutput = Math.min(...built.map((stat) => stat.mtimeMs));
  return SOURCES.some((path) => newerThan(join(root, path), oldestOutput)) ? 'stale' : 'current';
}

/** Any file under `path` modified after `time` (stops at the first). */
function newerThan(path, time) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return false;
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(path).some((name) => newerThan(join(path, name), time));
}
