import { build } from 'vite';

/**
 * Browser tests drive the built app, as a user gets it from `npm start`, so build it once per run.
 * STALLMAP_SKIP_BUILD=1 reuses dist/ while iterating on tests only.
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
}
