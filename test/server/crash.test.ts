import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { connect, createMap, getMap, synced, waitFor } from './helpers';

/** The real entry point in its own process, so it can be killed with SIGKILL mid-flight. */
function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', STALLMAP_DATA: dataDir, STALLMAP_DEV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /server\.listening .*port=(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
}

const killed = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

let dataDir = '';
const children: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every edit another client saw through kill -9 right after a burst of 2,000', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stallmap-crash-'));
  const first = await spawnServer(dataDir);
  children.push(first.child);
  const map = await createMap(first.url, {});
  const syncUrl = `${first.url.replace('http', 'ws')}/sync`;
  const writer = connect(syncUrl, map.id, map.tokens.edit);
  const watcher = connect(syncUrl, map.id, map.tokens.view);
  providers.push(writer.provider, watcher.provider);
  await Promise.all([synced(writer.provider), synced(watcher.provider)]);

  const steps = stepsOf(writer.doc);
  for (let i = 0; i < 2000; i += 1) steps.set(`s${i}`, itemFromFields({ kind: 'human', label: `edit ${i}` }));
  // Kill while the burst is still arriving: once the watcher has seen the first edits.
  await waitFor(() => stepsOf(watcher.doc).size >= 50, 10_000, 'the watcher to see edits');
  writer.provider.destroy();
  first.child.kill('SIGKILL');
  await killed(first.child);
  await waitFor(() => !watcher.provider.wsconnected, 5000, 'the watcher to lose the server');
  watcher.provider.destroy();
  const seen = [...stepsOf(watcher.doc).keys()];

  const second = await spawnServer(dataDir);
  children.push(second.child);
  const { status, body } = await getMap(second.url, map.id, map.tokens.view);
  expect(status).toBe(200);
  const kept = new Set(body.steps.map((s) => s.id));
  const lost = seen.filter((id) => !kept.has(id));
  expect(seen.length).toBeGreaterThanOrEqual(50);
  expect(lost).toEqual([]);
  second.child.kill('SIGTERM');
  expect(await killed(second.child)).toBe(0);
});
