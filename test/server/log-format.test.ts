import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { settingsFromEnv } from '../../server/settings';
import { closedWith, createMap, rawSocket, waitFor } from './helpers';
import { exited } from './spawn';

/**
 * STALLMAP_LOG_FORMAT and STALLMAP_LOG_LEVEL on the real entry point (server/main.ts, in its own
 * process, as `npm start` runs it), and no token in the log whatever the format.
 */
const dataDirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** A port nobody listens on now (the server is told it in PORT, since at level warn it does not log where it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function startMain(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-log-'));
  dataDirs.push(dataDir);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STALLMAP_DATA: dataDir, STALLMAP_DEV: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  return { child, url, syncUrl: `ws://127.0.0.1:${port}/sync`, output: () => output };
}

async function ready(server: { url: string; child: ChildProcess; output: () => string }) {
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
      return (await fetch(`${server.url}/readyz`).catch(() => undefined))?.status === 200;
    },
    20_000,
    'the server to be ready',
  );
}

/** One accepted sync connection and one refused (a wrong token), closed again: an info line and a warning at least. */
async function someTraffic(server: { url: string; syncUrl: string }) {
  const map = await createMap(server.url, {});
  const accepted = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.edit}`);
  const gone = closedWith(accepted);
  accepted.close(1000);
  await gone;
  const wrong = await rawSocket(server.syncUrl, `${map.id}?token=${map.tokens.edit.slice(0, -2)}xx`);
  expect((await closedWith(wrong)).code).toBe(4403);
  return map;
}

// Both at once: each is a Node process starting through tsx.
let json: Awaited<ReturnType<typeof startMain>>;
let warnOnly: Awaited<ReturnType<typeof startMain>>;
beforeAll(async () => {
  [json, warnOnly] = await Promise.all([startMain({ STALLMAP_LOG_FORMAT: 'json' }), startMain({ STALLMAP_LOG_LEVEL: 'warn' })]);
  await Promise.all([ready(json), ready(warnOnly)]);
}, 40_000);

it('writes one JSON object per line with STALLMAP_LOG_FORMAT=json, and never a token', async () => {
  const map = await someTraffic(json);
  await waitFor(() => json.output().includes('conn.refused'), 5000, 'the refusal to be logged');
  json.child.kill('SIGTERM');
  expect(await exited(json.child)).toBe(0);

  const lines = json.output().trimEnd().split('\n');
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const entry of entries) {
    expect(Number.isNaN(Date.parse(entry.time as string))).toBe(false);
    expect(['info', 'warn', 'error']).toContain(entry.level);
    expect(typeof entry.msg).toBe('string');
  }
  const events = entries.map((entry) => entry.msg);
  expect(events).toEqual(expect.arrayContaining(['server.listening', 'conn.open', 'conn.close', 'conn.refused', 'server.stopping']));
  expect(entries.find((entry) => entry.msg === 'conn.refused')).toMatchObject({ level: 'warn', reason: 'denied' });
  for (const token of Object.values(map.tokens)) expect(json.output()).not.toContain(token);
});

it('leaves out the lines under STALLMAP_LOG_LEVEL', async () => {
  await someTraffic(warnOnly);
  await waitFor(() => warnOnly.output().includes('conn.refused'), 5000, 'the refusal to be logged');
  warnOnly.child.kill('SIGTERM');
  expect(await exited(warnOnly.child)).toBe(0);
  expect(warnOnly.output()).toMatch(/ warn conn\.refused /);
  expect(warnOnly.output()).not.toMatch(/ info /);
});

it('refuses a log format or level it does not know, at start', () => {
  expect(() => settingsFromEnv({ STALLMAP_LOG_FORMAT: 'xml' })).toThrow(/STALLMAP_LOG_FORMAT must be text or json, not 'xml'/);
  expect(() => settingsFromEnv({ STALLMAP_LOG_LEVEL: 'verbose' })).toThrow(/STALLMAP_LOG_LEVEL must be info or warn or error/);
  expect(settingsFromEnv({ STALLMAP_LOG_FORMAT: 'json', STALLMAP_LOG_LEVEL: 'error' })).toMatchObject({ logFormat: 'json', logLevel: 'error' });
});
