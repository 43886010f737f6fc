import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * `npm run bench [name…] [-- --flag value…]`: runs each bench/*.bench.ts in its own process (so
 * one benchmark's heap and JIT state don't colour the next) and prints their reports for
 * BENCHMARKS.md. Names pick benchmarks; everything from the first `--flag` on is passed to each.
 */
const args = process.argv.slice(2);
const firstFlag = args.findIndex((arg) => arg.startsWith('--'));
const wanted = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`, ...flags], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
