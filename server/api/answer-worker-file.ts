import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts answer-worker.ts however the server itself runs. Compiled (`npm start`, `stallmap
 * serve`, the container), this module is bundled into a file directly in dist-server/, beside
 * answer-worker.js, its own entry point (scripts/build-server.ts). From the TypeScript (the
 * tests, `npm run dev`, tsx), a worker does not inherit the loader that lets Node import .ts
 * files (not even with `--import tsx` in its execArgv, on Node 20), so the thread registers tsx
 * itself first, as bin/stallmap.js does.
 */
export function startAnswerWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./answer-worker.js', import.meta.url), options);
  const entry = new URL('./answer-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * tsx's `tsx/esm/api` as a module (its CommonJS twin registers a loader that cannot be found from
 * a thread), resolved from here rather than from the working directory, which may be anywhere.
 */
function tsxApi(): string {
  const packageFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(packageFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(packageFile), exports['./esm/api'].import.default)).href;
}
