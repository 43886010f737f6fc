import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { type Join, parseMap, type StallMap, type Step } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';
import { connect, createMap, getMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * An old map (format version 1, from before the redesign) imported into the real server opens
 * unchanged, and a stock client starts a redesign on it: the server then holds both states,
 * the redesign a copy with the same ids.
 */

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await server.close();
});

const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

it('opens a version 1 map unchanged, and starting a redesign on it works', async () => {
  const file = loadFixture('contract-review');
  expect(file.version).toBe(1);
  const parsed = parseMap(file);
  if (!parsed.ok) throw new Error('fixture');
  const map = await createMap(server.url, file);
  const opened = (await getMap(server.url, map.id, map.tokens.view)).body as unknown as StallMap;
  // The same map, as the server keeps it: under the id the server gave it, steps and joins by id, the current version number.
  expect(opened).toEqual({ ...parsed.map, id: map.id, steps: byId(parsed.map.steps), joins: byId(parsed.map.joins) });
  expect('redesign' in opened).toBe(false);

  const { doc, provider } = connect(server.syncUrl, map.id, map.tokens.edit);
  providers.push(provider);
  await synced(provider);
  expect(createRedesignCommands(doc).startRedesign()).toBe(true);
  await waitFor(async () => ((await getMap(server.url, map.id, map.tokens.view)).body as unknown as StallMap).redesign !== undefined, 5000, 'the redesign on the server');
  const started = (await getMap(server.url, map.id, map.tokens.view)).body as unknown as StallMap;
  expect(started).toEqual({ ...opened, redesign: { steps: opened.steps as Step[], joins: opened.joins as Join[] } });
  const analysis = (await (await fetch(`${server.url}/api/maps/${map.id}/analysis`, { headers: { Authorization: `Bearer ${map.tokens.view}` } })).json()) as {
    redesign?: { delta: Record<string, number> };
  };
  // A fresh copy changes no figure.
  expect(Object.values(analysis.redesign?.delta ?? { missing: 1 }).every((d) => d === 0)).toBe(true);
});
