import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { metaOf, readMap } from '../../src/collab/doc';
import { initialMap } from '../../server/maps/create';
import { createMap, getMap, startTestServer, type TestServer } from './helpers';

/**
 * A new map's id is the one the server gave it, whatever the body said: an imported file keeps
 * none of its own, and two maps from one template are two ids (the plan names the map by it).
 */
const fixture = JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8'));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it("gives an imported map the server's new id, not the file's", async () => {
  const created = await createMap(server.url, { ...fixture, id: 'my-own-id' });
  const { body } = await getMap(server.url, created.id, created.tokens.view);
  expect(body.id).toBe(created.id);
});

it('gives each map from a template its own id, and the plan names that id', async () => {
  const first = await createMap(server.url, { template: 'contract-review' });
  const second = await createMap(server.url, { template: 'contract-review' });
  expect((await getMap(server.url, first.id, first.tokens.view)).body.id).toBe(first.id);
  expect((await getMap(server.url, second.id, second.tokens.view)).body.id).toBe(second.id);
  const plan = await (await fetch(`${server.url}/api/maps/${first.id}/plan`, { headers: { Authorization: `Bearer ${first.tokens.view}` } })).text();
  expect(plan).not.toContain('`contract-review`');
});

it("reads a room's map under the room's id, whatever id its meta was written with", () => {
  // Maps stored before new maps got their id in meta say the imported file's or the template's.
  const doc = new Y.Doc();
  metaOf(doc).set('id', 'contract-review');
  expect(readMap(doc, undefined, 'Qx3vRoomId000000').map.id).toBe('Qx3vRoomId000000');
  expect(readMap(doc).map.id).toBe('contract-review');
});

it('starts every kind of new map under the id it is given', () => {
  for (const body of [{}, { template: 'contract-review' }, { ...fixture, id: 'my-own-id' }]) {
    const initial = initialMap(body, 'NewId0000000000A');
    expect(initial.ok && initial.map.id).toBe('NewId0000000000A');
  }
});
