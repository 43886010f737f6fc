import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * `npm run bench [name…] [size…] [-- --flag value…]`: runs each bench/*.bench.ts in its own
 * process (so one benchmark's heap and JIT state don't colour the next) and prints their reports
 * for BENCHMARKS.md. Names pick benchmarks; bare numbers (the map sizes of `editor 1000 5000`)
 * and everything from the first `--flag` on are passed to each.
 */
const args = process.argv.slice(2);
const firstFlag = args.findIndex((arg) => arg.startsWith('--'));
const before = firstFlag < 0 ? args : args.slice(0, firstFlag);
const isSize = (arg: string) => /^\d+$/.test(arg);
const wanted = before.filter((arg) => !isSize(arg));
const flags = [...before.filter(isSize), ...(firstFlag < 0 ? [] : args.slice(firstFlag))];
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''))
  .sort();
// A name picks the benchmark of that name (`compare`, not also `relay-compare`), else every one it is part of.
const picks = (name: string) => (benches.includes(name) ? [name] : benches.filter((bench) => bench.includes(name)));
const chosen = wanted.length === 0 ? benches : benches.filter((bench) => wanted.some((name) => picks(name).includes(bench)));
let failed = 0;
for (const bench of chosen) {
  console.log(`\n## ${bench}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${bench}.bench.ts`, ...flags], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
