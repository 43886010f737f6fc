import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { type RunningServer, type ServerOptions, startServer } from '../../server/app';
import { formatLine, type Logger } from '../../server/log';
import type { Role } from '../../server/maps/roles';

/** A logger that keeps its lines, so tests stay quiet and can check what was logged. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    lines.push(formatLine(level, event, fields as Record<string, string>));
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  /** ws://…/sync, what the page passes to the provider. */
  syncUrl: string;
  dataDir: string;
  logs: string[];
  /** Closes cleanly and starts again on the same data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stallmap-test-'));
  const logger = captureLogger();
  const start = () => startServer({ port: 0, dataDir, logger, ...options });
  const test: TestServer = {
    server: await start(),
    url: '',
    syncUrl: '',
    dataDir,
    logs: logger.lines,
    async restart() {
      await test.server.close();
      test.server = await start();
      setUrls();
    },
    async close() {
      await test.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const setUrls = () => {
    test.url = test.server.url;
    test.syncUrl = `${test.server.url.replace('http', 'ws')}/sync`;
  };
  setUrls();
  return test;
}

export interface CreatedMap {
  id: string;
  links: Record<Role, string>;
  tokens: Record<Role, string>;
}

export async function createMap(url: string, body: unknown = {}): Promise<CreatedMap> {
  const res = await fetch(`${url}/api/maps`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  if (res.status !== 201) throw new Error(`POST /api/maps answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as Omit<CreatedMap, 'tokens'>;
  const token = (link: string) => new URL(link).hash.replace('#token=', '');
  return { ...created, tokens: { edit: token(created.links.edit), review: token(created.links.review), view: token(created.links.view) } };
}

export async function getMap(url: string, id: string, token: string) {
  const res = await fetch(`${url}/api/maps/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { steps: { id: string }[]; comments: unknown[]; redesign?: { steps: { id: string }[] } } };
}

/**
 * The stock provider, as the page will use it; BroadcastChannel off, or providers in one process would sync without the server.
 * `name`: the name the connection declares (`?name=`), which a review link's comments and waivers must carry.
 */
export function connect(syncUrl: string, room: string, token: string | undefined, doc = new Y.Doc(), name?: string) {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...(token === undefined ? {} : { token }), ...(name === undefined ? {} : { name }) },
    disableBc: true,
    maxBackoffTime: 200,
  });
  return { doc, provider };
}

export function synced(provider: WebsocketProvider): Promise<void> {
  return provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', () => resolve()));
}

/** Resolves with the close code and reason when the server closes the provider for good (44xx). */
export function refused(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => provider.once('closed', (event: { code: number; reason: string }) => resolve(event)));
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bare socket speaking (or not speaking) the protocol, to test what the stock client never sends. Resolves once open. */
export function rawSocket(syncUrl: string, path: string, options: { autoPong?: boolean } = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${syncUrl}/${path}`, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The close code and reason a socket gets (whenever it comes). */
export const closedWith = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

/** A Yjs update that adds one human step, as a client would send it. */
export function stepUpdate(id: string, label: string): Uint8Array {
  const doc = new Y.Doc();
  stepsOf(doc).set(id, itemFromFields({ kind: 'human', label }));
  return Y.encodeStateAsUpdate(doc);
}

/** A built app in a temp dir, for tests of static serving: an index.html, and the files given. */
export function fakeDist(files: Record<string, string> = {}): string {
  const dist = mkdtempSync(join(tmpdir(), 'stallmap-dist-'));
  for (const [path, text] of Object.entries({ 'index.html': '<!doctype html><title>Stallmap</title>', ...files })) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}
