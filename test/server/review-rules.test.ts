import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { commentsOf, waiverKey, waiversOf, writeReview } from '../../src/collab/doc';
import { LOCAL_ORIGIN } from '../../src/collab/origin';
import { createReviewCommands } from '../../src/collab/reviewCommands';
import type { Comment, Waiver } from '../../src/core/model';
import { CLOSE_CODES } from '../../server/sync/close-codes';
import { encodeUpdate } from '../../server/sync/messages';
import { loadFixture } from '../fixtures/load';
import { type CreatedMap, closedWith, createMap, getMap, rawSocket, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * The review room's rules (server/sync/review-rules.ts), through the stock provider as the page
 * uses it (with `?name=`) and raw Y.Docs of the review room's shape. The fixture has a comment by
 * the COO (c1) and a waiver by General Counsel (human-join on j3).
 */

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

/** A page's review room connection: its token, and the name it declares. */
async function openReview(token: string, name?: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.syncUrl, `${map.id}/review`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: name === undefined ? { token } : { token, name },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  await synced(provider);
  await waitFor(() => commentsOf(doc).has('c1'), 5000, 'the review data');
  return { doc, provider, comments: commentsOf(doc), waivers: waiversOf(doc) };
}

const JUMP_WAIVER = waiverKey({ rule: 'human-join', target: 'j3' });

/** The review data as the server has it, read through the API. */
async function onServer() {
  const { body } = await getMap(server.url, map.id, map.tokens.view);
  return body as unknown as { comments: Comment[]; waivers: Waiver[] };
}

/** Every value a client's comments or waivers held at `key`, in order, from now on. */
function history(ymap: Y.Map<unknown>, key: string): unknown[] {
  const seen: unknown[] = [];
  ymap.observe((event) => {
    if (event.keysChanged.has(key)) seen.push(ymap.get(key));
  });
  return seen;
}

const dropsLogged = () => server.logs.filter((line) => line.includes('sync.write-dropped')).length;

beforeEach(async () => {
  server = await startTestServer();
  map = await createMap(server.url, loadFixture('contract-review'));
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

describe('a review link', () => {
  it("cannot rewrite another person's comment: the server, other clients and, soon, its own page keep the original", async () => {
    const original = (await onServer()).comments.find((c) => c.id === 'c1');
    const bob = await openReview(map.tokens.review, 'Bob');
    const watcher = await openReview(map.tokens.view, 'Watcher');
    const watched = history(watcher.comments, 'c1');
    bob.comments.set('c1', { ...(bob.comments.get('c1') as Comment), text: 'I never said that' });
    // Bob's own page gets the server's correction, like everyone else.
    await waitFor(() => (bob.comments.get('c1') as Comment).text === original?.text, 5000, "Bob's page to heal");
    expect(bob.comments.get('c1')).toEqual(original);
    expect((await onServer()).comments.find((c) => c.id === 'c1')).toEqual(original);
    expect(watcher.comments.get('c1')).toEqual(original);
    expect(watched.map((value) => (value as Comment).text)).not.toContain('I never said that');
    expect(dropsLogged()).toBe(1);
  });

  it("cannot put its own name on another person's comment, nor resolve their thread", async () => {
    const original = (await onServer()).comments.find((c) => c.id === 'c1');
    const bob = await openReview(map.tokens.review, 'Bob');
    const reviewCommands = createReviewCommands(bob.doc);
    bob.comments.set('c1', { ...(bob.comments.get('c1') as Comment), author: 'Bob' });
    reviewCommands.resolve('c1', true);
    await waitFor(() => (bob.comments.get('c1') as Comment).author === 'COO' && !(bob.comments.get('c1') as Comment).resolved, 5000, "Bob's page to heal");
    expect((await onServer()).comments.find((c) => c.id === 'c1')).toEqual(original);
  });

  it('cannot revoke a waiver', async () => {
    const original = (await onServer()).waivers;
    const bob = await openReview(map.tokens.review, 'Bob');
    const watcher = await openReview(map.tokens.view, 'Watcher');
    const watched = history(watcher.waivers, JUMP_WAIVER);
    createReviewCommands(bob.doc).revoke({ rule: 'human-join', target: 'j3' });
    await waitFor(() => bob.waivers.has(JUMP_WAIVER), 5000, "Bob's page to get the waiver back");
    expect((await onServer()).waivers).toEqual(original);
    expect(watcher.waivers.get(JUMP_WAIVER)).toEqual(original.find((w) => w.target === 'j3'));
    expect(watched).not.toContain(undefined);
  });

  it("cannot add a comment or a waiver under another person's name", async () => {
    const bob = await openReview(map.tokens.review, 'Bob');
    const watcher = await openReview(map.tokens.view, 'Watcher');
    // What the watcher's maps visibly changed (the refused entry comes and goes within one update: no change).
    const touched: string[] = [];
    for (const ymap of [watcher.comments, watcher.waivers]) ymap.observe((event) => touched.push(...event.changes.keys.keys()));
    const reviewCommands = createReviewCommands(bob.doc);
    const forged = reviewCommands.comment({ target: 'chk', author: 'COO', text: 'Approved, ship it' });
    reviewCommands.waive({ rule: 'verification-exceeds-work', target: 'chk', reason: 'Fine by me', by: 'General Counsel' });
    await waitFor(() => !bob.comments.has(forged) && bob.waivers.size === 1, 5000, "Bob's page to drop the forgeries");
    const stored = await onServer();
    expect(stored.comments.map((c) => c.id)).toEqual(['c1']);
    expect(stored.waivers.map((w) => w.by)).toEqual(['General Counsel']);
    expect(touched).toEqual([]);
  });

  it("cannot put an entry of its own under a key that is not its own: as a double of another person's, an export and import made it replace theirs", async () => {
    const before = await onServer();
    const bob = await openReview(map.tokens.review, 'Bob');
    const c1 = bob.comments.get('c1') as Comment;
    // Signed with his own name, but one a comment with the COO's comment's id, the other a waiver of General Counsel's finding.
    bob.comments.set('zz', { ...c1, id: 'c1', author: 'Bob', text: 'Mine now' });
    bob.waivers.set('whatever', { rule: 'human-join', target: 'j3', reason: 'Mine now', by: 'Bob', at: '2026-12-03' });
    await waitFor(() => !bob.comments.has('zz') && !bob.waivers.has('whatever'), 5000, "Bob's page to drop them");
    const stored = await onServer();
    expect(stored.comments).toEqual(before.comments);
    expect(stored.waivers).toEqual(before.waivers);
  });

  it('can add, edit and resolve its own comments, and waive, under the name it declared', async () => {
    const bob = await openReview(map.tokens.review, 'Bob');
    const watcher = await openReview(map.tokens.view, 'Watcher');
    const reviewCommands = createReviewCommands(bob.doc);
    const mine = reviewCommands.comment({ target: 'chk', author: 'Bob', text: 'Could we sample 10%?' });
    const reply = reviewCommands.comment({ target: 'chk', author: 'Bob', text: 'A reply to the COO', replyTo: 'c1' });
    bob.comments.set(mine, { ...(bob.comments.get(mine) as Comment), text: 'Could we sample 5%?' });
    reviewCommands.resolve(mine, true);
    reviewCommands.waive({ rule: 'verification-exceeds-work', target: 'chk', reason: 'Regulator requires it', by: 'Bob' });
    await waitFor(() => (watcher.comments.get(mine) as Comment | undefined)?.resolved === true && watcher.waivers.size === 2, 5000, 'the watcher to see it all');
    const stored = await onServer();
    expect(stored.comments.find((c) => c.id === mine)).toMatchObject({ author: 'Bob', text: 'Could we sample 5%?', resolved: true });
    expect(stored.comments.find((c) => c.id === reply)).toMatchObject({ author: 'Bob', replyTo: 'c1' });
    expect(stored.waivers.find((w) => w.target === 'chk')).toMatchObject({ by: 'Bob', reason: 'Regulator requires it' });
    expect(dropsLogged()).toBe(0);
  });

  it('that declared no name can add nothing', async () => {
    const nameless = await openReview(map.tokens.review);
    const id = createReviewCommands(nameless.doc).comment({ target: 'chk', author: 'Anyone', text: 'Hello' });
    await waitFor(() => !nameless.comments.has(id), 5000, 'the comment to be taken back');
    expect((await onServer()).comments.map((c) => c.id)).toEqual(['c1']);
  });

  it('may not send a change that waits on changes the server lacks, which an editor could later complete', async () => {
    // Two changes of one Y.Doc: a harmless comment, then a rewrite of the COO's comment. Sent
    // alone, the second waits at the server for the first; an editor who then sent the first
    // would otherwise carry the rewrite in under the editor's rights.
    const bob = await openReview(map.tokens.review, 'Bob');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(bob.doc));
    const updates: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => updates.push(update));
    commentsOf(forger).set('c2', { id: 'c2', target: 'chk', author: 'Bob', text: 'first', at: '2026-01-01T00:00:00Z' });
    commentsOf(forger).set('c1', { ...(commentsOf(forger).get('c1') as Comment), text: 'rewritten' });
    const reviewer = await rawSocket(server.syncUrl, `${map.id}/review?token=${map.tokens.review}&name=Bob`);
    const closed = closedWith(reviewer);
    reviewer.send(encodeUpdate(updates[1]));
    expect((await closed).code).toBe(CLOSE_CODES.MALFORMED);
    const editor = await rawSocket(server.syncUrl, `${map.id}/review?token=${map.tokens.edit}&name=Eve`);
    editor.send(encodeUpdate(updates[0]));
    await waitFor(async () => (await onServer()).comments.some((c) => c.id === 'c2'), 5000, "the editor's update");
    expect((await onServer()).comments.find((c) => c.id === 'c1')?.text).toBe('Why every contract?');
    editor.close();
  });

  it('is closed 4529, the change not kept, when undoing its refused changes would cost more than its byte rate', async () => {
    await server.close();
    server = await startTestServer({ bytesPerSecond: 4 * 1024 });
    const fixture = loadFixture('contract-review');
    fixture.comments = Array.from({ length: 40 }, (_, i) => ({ id: `c${i + 1}`, target: 'chk', author: 'COO', text: 'x'.repeat(400), at: '2026-11-20T10:00:00Z' }));
    map = await createMap(server.url, fixture);
    const bob = await openReview(map.tokens.review, 'Bob');
    const gone = new Promise<number>((resolve) => bob.provider.on('connection-close', (event) => event && resolve(event.code)));
    bob.doc.transact(() => {
      for (const key of [...bob.comments.keys()]) bob.comments.delete(key);
    });
    expect(await gone).toBe(CLOSE_CODES.RATE_LIMITED);
    expect((await onServer()).comments).toHaveLength(40);
    expect(server.logs.some((line) => line.includes('review.refused-too-costly'))).toBe(true);
  });
});

describe('an edit link', () => {
  it('can revoke a waiver', async () => {
    const eve = await openReview(map.tokens.edit, 'Eve');
    const watcher = await openReview(map.tokens.view, 'Watcher');
    createReviewCommands(eve.doc).revoke({ rule: 'human-join', target: 'j3' });
    await waitFor(() => !watcher.waivers.has(JUMP_WAIVER), 5000, 'the revocation to reach the watcher');
    expect((await onServer()).waivers).toEqual([]);
  });

  it("writes others' names, as an import of a map file does", async () => {
    const eve = await openReview(map.tokens.edit, 'Eve');
    writeReview(eve.doc, { waivers: [], comments: [{ id: 'old', target: 'chk', author: 'Dana', text: 'From the file', at: '2026-01-01T00:00:00Z' }] }, LOCAL_ORIGIN);
    await waitFor(async () => (await onServer()).comments.some((c) => c.id === 'old'), 5000, 'the import');
    expect((await onServer()).comments).toEqual([expect.objectContaining({ id: 'old', author: 'Dana' })]);
  });
});
