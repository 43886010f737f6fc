/**
 * `npm run bench startup`: how long the server takes from the command to a 200 from /healthz, and
 * what `stallmap analyze` costs in time and memory, run through tsx (how both ran before the
 * build compiled them) and compiled (dist-server/, what `npm start` and the package run now).
 * Needs a current build (`npm run build`). Each figure is the median of several runs, with the
 * fastest and slowest in brackets; memory is the peak resident set (GNU time's %M).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAP = join(ROOT, 'test/fixtures/contract-review.json');
const RUNS = Number(process.env.RUNS ?? 10);
/** Each start of the old `npm start` rebuilds the app, so it gets fewer runs. */
const REBUILD_RUNS = Number(process.env.REBUILD_RUNS ?? 3);

/** bin/build-state.js's verdict (plain JavaScript, asked in a child so TypeScript need not know its types). */
const buildState = () =>
  spawnSync(process.execPath, ['--input-type=module', '-e', "import('./bin/build-state.js').then((m) => console.log(m.buildState('.')))"], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();

if (buildState() !== 'current') {
  console.error(`the build is ${buildState()}: run npm run build first (and do not edit the sources while this runs)`);
  process.exit(1);
}

/** The bin as it was before the build compiled the CLI: the TypeScript through tsx. Kept where `tsx` resolves. */
const scratch = join(ROOT, 'node_modules/.cache/stallmap-bench');
mkdirSync(scratch, { recursive: true });
const tsxBin = join(scratch, 'tsx-bin.mjs');
writeFileSync(
  tsxBin,
  `import { register } from 'tsx/esm/api';\nregister();\nconst { main } = await import(${JSON.stringify(join(ROOT, 'server/cli/main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `command` to the first 200 from its /healthz. */
async function timeToHealthy(command: string, args: string[]): Promise<number> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'stallmap-bench-'));
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STALLMAP_DATA: data }, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await stop(child);
    rmSync(data, { recursive: true, force: true });
  }
}

/** SIGTERM to the whole group (npm runs the server as its child), and wait. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGTERM');
  });
}

/** Wall time, CPU time (user + system: what a busy machine does not inflate) and peak RSS of one run, through GNU time. */
function timed(args: string[]): { ms: number; cpuMs: number; mb: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const [wall, user, system, kb] = run.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  return { ms: wall * 1000, cpuMs: (user + system) * 1000, mb: kb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function startups(label: string, command: string, args: string[], runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToHealthy(command, args));
  console.log(`| ${label} | ${runs} | ${summary(times)} |`);
}

console.log('### Start to the first 200 from /healthz, ms\n');
console.log('| command | runs | median (min–max) |');
console.log('|---|---:|---:|');
await startups('`npm start` before: `npm run build && tsx server/main.ts` (rebuilt every time)', 'sh', ['-c', 'npx vite build --logLevel error && exec npx tsx server/main.ts'], REBUILD_RUNS);
await startups('`tsx server/main.ts` (the same, without its build)', 'npx', ['tsx', 'server/main.ts'], RUNS);
await startups('`npm start` now, on a current build', 'npm', ['start', '--silent'], RUNS);
await startups('`node dist-server/main.js` (what npm start and the container run)', process.execPath, ['dist-server/main.js'], RUNS);
await startups('`stallmap serve` (bin/stallmap.js, compiled)', process.execPath, ['bin/stallmap.js', 'serve'], RUNS);

console.log('\n### `stallmap analyze` of the contract-review example\n');
console.log('| how | runs | wall ms, median (min–max) | CPU ms (user + system) | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|');
for (const [label, args] of [
  ['through tsx (the bin before)', [tsxBin, 'analyze', MAP]],
  ['compiled, through bin/stallmap.js in a checkout (checks the build is current first)', [join(ROOT, 'bin/stallmap.js'), 'analyze', MAP]],
] as const) {
  const runs = Array.from({ length: RUNS }, () => timed([...args]));
  console.log(`| ${label} | ${RUNS} | ${summary(runs.map((r) => r.ms))} | ${summary(runs.map((r) => r.cpuMs))} | ${summary(runs.map((r) => r.mb))} |`);
}
rmSync(scratch, { recursive: true, force: true });
// A source edited meanwhile would have made `npm start` rebuild, and its figure meaningless.
console.log(`\nThe build was ${buildState()} at the end.`);
