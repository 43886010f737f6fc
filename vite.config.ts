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
    // Zod and our setting of it (app/jitlessZod.ts) in one chunk, so the setting is made before
    // any schema is built, whichever chunk the schemas land in: split by what the parts loaded on
    // demand share (src/canvas/onDemand.ts), the schemas were once evaluated before the entry's
    // first import, and zod tried `new Function` under a policy that forbids it.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|jitlessZod/ }] } } },
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
