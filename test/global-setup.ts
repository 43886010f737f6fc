import { build } from 'vite';
import { compressDist } from '../scripts/compress-dist';
import { buildServer } from '../scripts/build-server';

/**
 * Browser tests drive the built app, as a user gets it from `npm start`, so build it once per run:
 * the app (with its brotli and gzip copies, at a quicker brotli level than a release: the tests
 * check that they are served, not how small they are) and the compiled server and CLI, which the
 * CLI tests (through bin/stallmap.js) and the package test run. STALLMAP_SKIP_BUILD=1 reuses the
 * last build while iterating on tests only.
 */
export default async function setup() {
  if (process.env.STALLMAP_SKIP_BUILD === '1') return;
  // Vitest sets NODE_ENV=test, which would give React's development build: test what users get.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = env;
  }
  await Promise.all([compressDist('dist', { brotliQuality: 5 }), buildServer()]);
}
