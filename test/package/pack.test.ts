import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { parseMap } from '../../src/core/model';
import { main } from '../../server/cli/main';
import { connect, createMap, getMap, synced, waitFor } from '../server/helpers';
import { parsePrometheusText, sampleValue } from '../server/prometheus-text';

/**
 * The package as a user gets it: `npm pack` (of the build the global setup made), installed with
 * `--omit=dev` into an empty directory, and its `stallmap` command run from there: no tsx, no
 * Vite, no TypeScript, no sources. npm installs offline, from the cache `npm ci` filled, the
 * versions package-lock.json pins: nothing is fetched, and a package missing from the cache is a
 * clear failure, not a hang.
 */
const REPO = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(REPO, 'test/fixtures/contract-review.json');
/** 2026-11-21T00:00:00Z, so the plan's date is fixed. */
const EPOCH = String(Date.UTC(2026, 10, 21) / 1000);

let scratch = '';
let installed = '';
let packed: { filename: string; integrity: string; files: { path: string }[] };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...cleanEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** What a user's shell has: none of the test runner's settings (NODE_OPTIONS, STALLMAP_*), no colour. */
function cleanEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache'];
  return { ...Object.fromEntries(keep.filter((name) => process.env[name]).map((name) => [name, process.env[name] as string])), NO_COLOR: '1' };
}

/**
 * A lockfile for the install: the package from its tarball, and every dependency that is not a
 * dev dependency exactly as the repository's package-lock.json has it (so what is tested is
 * what CI installed, and npm needs nothing it has not cached).
 */
function installLock(): object {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const tarball = `file:${packed.filename}`;
  const packages: Record<string, object> = {
    '': { name: 'stallmap-install-test', dependencies: { stallmap: tarball } },
    'node_modules/stallmap': { version: pkg.version, resolved: tarball, integrity: packed.integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  return { name: 'stallmap-install-test', lockfileVersion: 3, requires: true, packages };
}

beforeAll(async () => {
  for (const built of ['dist/index.html', 'dist-server/cli.js', 'dist-server/main.js']) {
    if (!existsSync(join(REPO, built))) throw new Error(`${built} is missing: the global setup builds it (unset STALLMAP_SKIP_BUILD, or run npm run build)`);
  }
  scratch = mkdtempSync(join(tmpdir(), 'stallmap-pack-'));
  installed = join(scratch, 'app');
  // --ignore-scripts: prepack would build again; the global setup has just built.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  [packed] = JSON.parse(pack.stdout);
  mkdirSync(installed);
  renameSync(join(scratch, packed.filename), join(installed, packed.filename));
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'stallmap-install-test', private: true, dependencies: { stallmap: `file:${packed.filename}` } }));
  writeFileSync(join(installed, 'package-lock.json'), JSON.stringify(installLock(), null, 2));
  const install = await run('npm', ['ci', '--offline', '--omit=dev', '--no-audit', '--no-fund'], installed);
  if (install.status !== 0) {
    const missing = /ENOTCACHED|only-if-cached/.test(install.stderr);
    throw new Error(
      missing
        ? `npm's cache lacks a dependency of the package (run npm ci first, which fills it; this test installs offline):\n${install.stderr}`
        : `installing the packed package failed:\n${install.stderr}`,
    );
  }
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const stallmap = (args: string[], env: Record<string, string> = {}) => run(join(installed, 'node_modules/.bin/stallmap'), args, installed, env);

/** The same command line run from the sources in this process: the compiled package must say exactly this. */
async function fromSources(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await main(args, { out: (text) => (stdout += text), err: () => undefined, color: false });
  return { status, stdout };
}

describe('the packed package', () => {
  it('holds the build, the schema and the docs, and no sources or tests', () => {
    const files = packed.files.map((file) => file.path);
    for (const needed of ['bin/stallmap.js', 'dist-server/cli.js', 'dist-server/main.js', 'dist-server/THIRD-PARTY-LICENSES.txt', 'dist/index.html', 'schema/stallmap-map.json', 'docs/format.md', 'README.md', 'LICENSE', 'SECURITY.md', 'CHANGELOG.md']) {
      expect(files).toContain(needed);
    }
    // Nothing a user does not run: sources, tests, benchmarks, source maps (they name our paths), settings files.
    const unwanted = (file: string) => file.endsWith('.ts') || file.endsWith('.map') || /^(test|bench|server|src|scripts)\//.test(file) || /(^|\/)\.env/.test(file);
    expect(files.filter(unwanted)).toEqual([]);
    expect(files.some((file) => /^dist\/assets\/.*\.js\.br$/.test(file))).toBe(true);
  });

  it('installs without dev dependencies: no tsx, Vite or TypeScript', () => {
    for (const dev of ['tsx', 'vite', 'typescript', 'esbuild', 'react']) expect(existsSync(join(installed, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(installed, 'node_modules/stallmap/dist-server/cli.js'))).toBe(true);
  });

  it('says its version: the one in its package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(installed, 'node_modules/stallmap/package.json'), 'utf8')) as { version: string };
    const got = await stallmap(['--version']);
    expect(got.stderr).toBe('');
    expect(got.status).toBe(0);
    expect(got.stdout).toBe(`${version}\n`);
  });

  it('runs stallmap analyze and gives what the sources give', async () => {
    const args = ['analyze', FIXTURE, '--format', 'json'];
    const [got, expected] = await Promise.all([stallmap(args), fromSources(args)]);
    expect(got.stderr).toBe('');
    expect(got.status).toBe(expected.status);
    expect(JSON.parse(got.stdout)).toEqual(JSON.parse(expected.stdout));
    const text = await stallmap(['analyze', FIXTURE]);
    expect(text.stdout).toContain('Gates for the next 30 days');
  });

  it('runs stallmap plan and gives what the sources give', async () => {
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    try {
      const [got, expected] = await Promise.all([stallmap(['plan', FIXTURE], { SOURCE_DATE_EPOCH: EPOCH }), fromSources(['plan', FIXTURE])]);
      expect(got.stderr).toBe('');
      expect(got.status).toBe(0);
      expect(got.stdout).toBe(expected.stdout);
      expect(got.stdout).toMatch(/^# /);
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  });

  it('runs stallmap serve: health, readiness, the app compressed, and a clean stop', async () => {
    const server = await serve(['serve', '--port', '0', '--host', '127.0.0.1', '--data', join(scratch, 'data')]);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ ready: true });
      const page = await fetch(`${server.url}/m/someMap`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>Stallmap</title>');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      // A raw request, so the body is what the server sent (fetch would decompress it).
      const bundle = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        request(`${server.url}${script}`, { headers: { 'Accept-Encoding': 'br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
      expect(bundle.encoding).toBe('br');
      expect(brotliDecompressSync(bundle.body).equals(readFileSync(join(installed, 'node_modules/stallmap/dist', script as string)))).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await exitOf(server.child)).toBe(0);
    expect(server.output()).toContain('server.stopping signal=SIGTERM');
  });

  it('serves, as the first requests after a start: a sync, the API and /metrics, from its bundled code', async () => {
    const server = await serve(['serve', '--port', '0', '--host', '127.0.0.1', '--data', join(scratch, 'data-first')]);
    const syncUrl = `${server.url.replace('http', 'ws')}/sync`;
    let provider: ReturnType<typeof connect>['provider'] | undefined;
    try {
      const map = await createMap(server.url, JSON.parse(readFileSync(FIXTURE, 'utf8')));
      const client = connect(syncUrl, map.id, map.tokens.edit, new Y.Doc());
      provider = client.provider;
      await synced(client.provider);
      const before = stepsOf(client.doc).size;
      stepsOf(client.doc).set('added-by-test', itemFromFields({ kind: 'human', label: 'Added' }));
      // The edit is durable once the server counts its write; /metrics loads prom-client at this first scrape.
      let families = new Map() as ReturnType<typeof parsePrometheusText>;
      await waitFor(
        async () => {
          const res = await fetch(`${server.url}/metrics`);
          expect(res.status).toBe(200);
          families = parsePrometheusText(await res.text());
          return (sampleValue(families, 'stallmap_writes_total') ?? 0) >= 1;
        },
        10_000,
        'the edit to be written',
      );
      expect(sampleValue(families, 'stallmap_connections')).toBe(1);
      expect(sampleValue(families, 'stallmap_process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(families.get('stallmap_write_duration_seconds')?.type).toBe('histogram');
      expect((await getMap(server.url, map.id, map.tokens.edit)).body.steps).toHaveLength(before + 1);
      // zod, bundled with its English messages only, explains a map it refuses as the sources do.
      const bad = { format: 'stallmap/map', version: 2, id: 'x y', title: 7, steps: [{ id: 's', kind: 'robot', label: '' }], joins: 'none', unknownField: 1 };
      const refused = await fetch(`${server.url}/api/maps`, { method: 'POST', body: JSON.stringify(bad), headers: { 'Content-Type': 'application/json' } });
      expect(refused.status).toBe(400);
      const expected = parseMap(bad);
      expect(expected.ok).toBe(false);
      expect(((await refused.json()) as { errors: unknown }).errors).toEqual(expected.ok ? undefined : expected.errors);
    } finally {
      provider?.destroy();
      server.child.kill('SIGTERM');
    }
    expect(await exitOf(server.child)).toBe(0);
    expect(server.output()).not.toMatch(/error|warn/i);
  });

  it('started with npx serve, stops when npx is sent SIGTERM, and starts again on its data', async () => {
    const data = join(scratch, 'data-npx');
    const first = await serve(['serve', '--port', '0', '--host', '127.0.0.1', '--data', data], 'npx');
    let map: Awaited<ReturnType<typeof createMap>>;
    try {
      map = await createMap(first.url, JSON.parse(readFileSync(FIXTURE, 'utf8')));
      // npm passes the signal to the shell it runs the bin in, and the shell does not pass it on.
      first.child.kill('SIGTERM');
      await exitOf(first.child);
      await waitFor(() => first.output().includes('server.stopping launcher=exited'), 10_000, 'the server to stop after npx');
      // Its output ends when the last process writing it, the server, has exited.
      await waitFor(() => first.child.stdout?.readableEnded === true, 10_000, 'the server to exit');
      await expect(fetch(`${first.url}/readyz`)).rejects.toThrow();
    } finally {
      // The server npx left behind, if it did not stop (its process group outlives npx).
      endGroup(first.child);
    }
    const again = await serve(['serve', '--port', '0', '--host', '127.0.0.1', '--data', data]);
    try {
      expect((await getMap(again.url, map.id, map.tokens.edit)).status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await exitOf(again.child)).toBe(0);
  });
});

/**
 * `stallmap serve` from the install, resolved once it logs the port it listens on; `launcher`
 * starts it as a person typing the README's `npx stallmap serve` does (the child is then npm's).
 */
function serve(args: string[], launcher: 'bin' | 'npx' = 'bin'): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const [command, commandArgs] = launcher === 'bin' ? [join(installed, 'node_modules/.bin/stallmap'), args] : ['npx', ['--offline', 'stallmap', ...args]];
  // npx in a process group of its own, so that whatever it leaves running can be ended with it.
  const child = spawn(command, commandArgs, { cwd: installed, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: launcher === 'npx' });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stallmap serve did not start in 30 s: ${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const port = /server\.listening .*port=(\d+)/.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({ child, url: `http://127.0.0.1:${port}`, output: () => output });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stallmap serve exited (${code}) before listening: ${output}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode);
    else child.once('exit', (code, signal) => resolve(code ?? signal));
  });
}

/** Ends what is left of a process group started with `detached` (nothing, when it all stopped). */
function endGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // ESRCH: no process is left in the group.
  }
}
