import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/app',
  publicDir: '../../public',
  plugins: [react()],
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Everything the page loads to open a map in one chunk, in the order the entry imports it; only
    // what loads on demand (src/canvas/onDemand.ts) is apart. Split by what each part shares, zod's
    // schemas landed in a chunk evaluated before the entry's first import (app/jitlessZod.ts), and
    // zod tried `new Function` under a policy that forbids it.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } } },
  },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: 2,
    // Browser tests poll for what a person would see; on a busy 2-core CI machine a page can take
    // a few seconds to catch up, which is slow, not wrong (speed is measured in benchmarks).
    expect: { poll: { timeout: 8000 } },
  },
});
