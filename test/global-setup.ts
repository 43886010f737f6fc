import { build } from 'vite';

/**
 * Browser tests drive the built app, as a user gets it from `npm start`, so build it once per run.
 * STALLMAP_SKIP_BUILD=1 reuses dist/ while iterating on tests only.
 */
export default async function setup() {
  if (process.env.STALLMAP_SKIP_BUILD === '1') return;
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
