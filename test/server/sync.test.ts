import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { commentsOf, itemFromFields, stepsOf, type ItemMap } from '../../src/collab/doc';
import { type CreatedMap, connect, createMap, getMap, refused, sleep, startTestServer, synced, type TestServer, waitFor } from './helpers';

const twoSteps = {
  format: 'stallmap/map',
  version: 1,
  id: 'two-steps',
  title: 'Two steps',
  steps: [
    { id: 'a', kind: 'start', label: 'Begin' },
    { id: 'b', kind: 'human', label: 'Work', owner: 'Ann' },
  ],
  joins: [{ id: 'j', from: 'a', to: 'b', handoff: 'manual' }],
};

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

function open(room: string, token: string | undefined, doc?: Y.Doc) {
  const client = connect(server.syncUrl, room, token, doc);
  providers.push(client.provider);
  return client;
}

const step = (doc: Y.Doc, id: string) => stepsOf(doc).get(id) as ItemMap;

beforeEach(async () => {
  server = await startTestServer();
  map = await createMap(server.url, twoSteps);
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

describe('sync between clients', () => {
  it('converges on concurrent edits of one step: different fields both win, the same field agrees', async () => {
    const one = open(map.id, map.tokens.edit);
    const two = open(map.id, map.tokens.edit);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    // Both edit before either hears of the other.
    step(one.doc, 'b').set('owner', 'Bea');
    step(two.doc, 'b').set('performer', 'Clerks');
    step(one.doc, 'b').set('label', 'from one');
    step(two.doc, 'b').set('label', 'from two');
    const both = () => step(one.doc, 'b').get('performer') === 'Clerks' && step(two.doc, 'b').get('owner') === 'Bea';
    await waitFor(() => both() && step(one.doc, 'b').get('label') === step(two.doc, 'b').get('label'), 5000, 'convergence');
    expect(step(one.doc, 'b').toJSON()).toEqual(step(two.doc, 'b').toJSON());
    const onServer = (await getMap(server.url, map.id, map.tokens.view)).body.steps.find((s) => s.id === 'b');
    expect(onServer).toMatchObject({ owner: 'Bea', performer: 'Clerks', label: step(one.doc, 'b').get('label') });
  });

  it('gives a client that joins later the whole map', async () => {
    const one = open(map.id, map.tokens.edit);
    await synced(one.provider);
    stepsOf(one.doc).set('c', itemFromFields({ kind: 'end', label: 'Done' }));
    step(one.doc, 'a').set('position', { x: 10, y: 20 });
    await sleep(50);
    const late = open(map.id, map.tokens.view);
    await synced(late.provider);
    await waitFor(() => stepsOf(late.doc).has('c'), 5000, 'the late client to see step c');
    expect(stepsOf(late.doc).toJSON()).toEqual(stepsOf(one.doc).toJSON());
    expect(step(late.doc, 'a').get('position')).toEqual({ x: 10, y: 20 });
  });

  it('relays presence through awareness and clears it when a client leaves', async () => {
    const one = open(map.id, map.tokens.view);
    const two = open(map.id, map.tokens.edit);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    one.provider.awareness.setLocalStateField('user', { name: 'Ann', cursor: { x: 1, y: 2 } });
    const seenByTwo = () => two.provider.awareness.getStates().get(one.doc.clientID) as { user?: { name: string } } | undefined;
    await waitFor(() => seenByTwo()?.user?.name === 'Ann', 5000, 'presence');
    one.provider.destroy();
    await waitFor(() => seenByTwo() === undefined, 5000, 'presence to clear');
  });
});

describe('roles', () => {
  it('drops every write of a view link: not on the server, not on disk, not at other clients', async () => {
    const editor = open(map.id, map.tokens.edit);
    const viewer = open(map.id, map.tokens.view);
    const reviewViewer = open(`${map.id}/review`, map.tokens.view);
    await Promise.all([synced(editor.provider), synced(viewer.provider), synced(reviewViewer.provider)]);
    step(viewer.doc, 'b').set('label', 'vandalised');
    stepsOf(viewer.doc).delete('a');
    commentsOf(reviewViewer.doc).set('c1', { id: 'c1', target: 'b', author: 'Viewer', text: 'hi', at: '2026-01-01' });
    // Then a message the server must handle after the writes: presence from the same connection.
    viewer.provider.awareness.setLocalStateField('user', { name: 'V' });
    await waitFor(() => editor.provider.awareness.getStates().has(viewer.doc.clientID), 5000, 'the viewer presence');
    await sleep(100);
    expect(step(editor.doc, 'b').get('label')).toBe('Work');
    expect(stepsOf(editor.doc).has('a')).toBe(true);
    const check = async () => {
      const { body } = await getMap(server.url, map.id, map.tokens.edit);
      expect(body.steps.map((s) => s.id)).toEqual(['a', 'b']);
      expect(body.steps[1]).toMatchObject({ label: 'Work' });
      expect(body.comments).toEqual([]);
    };
    await check();
    for (const provider of providers.splice(0)) provider.destroy();
    await server.restart();
    await check();
    expect(server.logs.some((line) => line.includes('sync.write-dropped') && line.includes('role=view'))).toBe(true);
  });

  it('lets a review link write the review room but not the map room', async () => {
    const editor = open(map.id, map.tokens.edit);
    const reviewer = open(map.id, map.tokens.review);
    // A review link's comment carries the name its connection declared (review-rules.test.ts).
    const reviewRoom = connect(server.syncUrl, `${map.id}/review`, map.tokens.review, undefined, 'COO');
    providers.push(reviewRoom.provider);
    const editorReview = open(`${map.id}/review`, map.tokens.edit);
    await Promise.all([editor, reviewer, reviewRoom, editorReview].map((c) => synced(c.provider)));
    step(reviewer.doc, 'b').set('label', 'redrawn by a reviewer');
    commentsOf(reviewRoom.doc).set('c1', { id: 'c1', target: 'b', author: 'COO', text: 'Why?', at: '2026-11-20T10:00:00Z' });
    await waitFor(() => commentsOf(editorReview.doc).has('c1'), 5000, 'the comment to arrive');
    await sleep(100);
    expect(step(editor.doc, 'b').get('label')).toBe('Work');
    const { body } = await getMap(server.url, map.id, map.tokens.view);
    expect(body.steps[1]).toMatchObject({ label: 'Work' });
    expect(body.comments).toEqual([{ id: 'c1', target: 'b', author: 'COO', text: 'Why?', at: '2026-11-20T10:00:00Z' }]);
  });
});

describe('refused connections', () => {
  it('closes a connection without a token (4401) and with a wrong token (4403)', async () => {
    const [none, wrong, review] = [
      open(map.id, undefined),
      open(map.id, 'not-a-real-token'),
      open(`${map.id}/review`, 'not-a-real-token'),
    ].map((client) => refused(client.provider));
    expect(await none).toEqual({ code: 4401, reason: 'token required' });
    expect(await wrong).toEqual({ code: 4403, reason: 'access denied' });
    expect((await review).code).toBe(4403);
  });

  it("refuses another map's token and an unknown map alike", async () => {
    const other = await createMap(server.url, {});
    const crossed = refused(open(map.id, other.tokens.edit).provider);
    const unknown = refused(open('AAAAAAAAAAAAAAAA', map.tokens.edit).provider);
    expect(await crossed).toEqual({ code: 4403, reason: 'access denied' });
    expect(await unknown).toEqual({ code: 4403, reason: 'access denied' });
    const refusals = server.logs.filter((line) => line.includes('conn.refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const token of [...Object.values(map.tokens), ...Object.values(other.tokens)]) {
      expect(server.logs.join('\n')).not.toContain(token);
    }
  });
});
