/**
 * `npm run bench read-routes [-- --steps 5000 --requests 10 --root DIR]`: how a burst of reads of
 * one large map (GET /analysis, /plan, the map itself) from one view link holds up everything else
 * the server does. The server runs in its own process (`server/main.ts` under tsx, from `--root`,
 * another checkout to compare with, or this one); the bench sends the burst at once and meanwhile
 * asks GET /healthz every 20 ms, as any other client's request would wait. Reports the burst's
 * answers (status, time to the last) and /healthz's latency during it: once on the map as stored
 * (its rooms not loaded) and once while an editor has it open (loaded: answers can be reused).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, synced } from '../test/server/helpers';
import { generateMap } from './generate-map';

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '5000' }, requests: { type: 'string', default: '10' }, root: { type: 'string', default: process.cwd() } },
  allowPositionals: true,
});
const steps = Number(values.steps);
const requests = Number(values.requests);

async function startServer(root: string, dataDir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STALLMAP_DATA: dataDir, STALLMAP_DEV: '', STALLMAP_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /server\.listening .*port=(\d+)/.exec(out)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** The burst, and /healthz asked every 20 ms until it is over. */
async function burst(url: string, paths: string[], token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  const started = performance.now();
  let done = false;
  const health: number[] = [];
  const probing = (async () => {
    while (!done) {
      const at = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      health.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const statuses = await Promise.all(
    paths.map(async (path) => {
      const answer = await fetch(`${url}${path}`, { headers });
      await answer.arrayBuffer();
      return answer.status;
    }),
  );
  const lastMs = performance.now() - started;
  done = true;
  await probing;
  health.sort((a, b) => a - b);
  const count = (status: number) => statuses.filter((s) => s === status).length;
  return { ok: count(200), busy: count(503), lastMs: Math.round(lastMs), healthP50: Math.round(percentile(health, 0.5)), healthMax: Math.round(health.at(-1) ?? 0) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-read-routes-'));
const server = await startServer(values.root, dataDir);
try {
  const created = await fetch(`${server.url}/api/maps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(generateMap(steps, 5)) });
  if (created.status !== 201) throw new Error(`POST /api/maps answered ${created.status}: ${await created.text()}`);
  const { id, links } = (await created.json()) as { id: string; links: Record<string, string> };
  const token = (role: string) => new URL(links[role]).hash.replace('#token=', '');
  const analysis = Array<string>(requests).fill(`/api/maps/${id}/analysis`);
  const mixed = Array.from({ length: requests }, (_, i) => `/api/maps/${id}${['/analysis', '/plan', ''][i % 3]}`);
  console.log(`root ${values.root}, ${steps} steps, ${requests} requests at once, load average ${loadavg()[0].toFixed(1)}`);
  console.log('| burst | map | 200 | 503 | last answer, ms | /healthz p50 / max during it, ms |');
  console.log('|---|---|---:|---:|---:|---:|');
  const row = (name: string, where: string, r: Awaited<ReturnType<typeof burst>>) => console.log(`| ${name} | ${where} | ${r.ok} | ${r.busy} | ${r.lastMs} | ${r.healthP50} / ${r.healthMax} |`);
  row('analysis', 'stored', await burst(server.url, analysis, token('view')));
  row('analysis, plan, map', 'stored', await burst(server.url, mixed, token('view')));
  const editor = connect(`${server.url.replace('http', 'ws')}/sync`, id, token('edit'));
  await synced(editor.provider);
  row('analysis', 'open in an editor', await burst(server.url, analysis, token('view')));
  row('analysis, plan, map', 'open in an editor', await burst(server.url, mixed, token('view')));
  editor.provider.destroy();
  // The provider's awareness keeps a timer until its doc is destroyed: without this the bench never exits.
  editor.doc.destroy();
} finally {
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
