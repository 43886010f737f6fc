import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { writersOf } from '../../src/collab/doc';
import { createReviewCommands } from '../../src/collab/reviewCommands';
import type { Comment } from '../../src/core/model';
import { CLOSE_CODES } from '../../server/sync/close-codes';
import { loadFixture } from '../fixtures/load';
import { type CreatedMap, createMap, getMap, refused, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * Yjs client ids in the review room (server/sync/writer-ids.ts): whoever writes first at another
 * writer's next clocks would take them, and that writer's offline comment would never arrive.
 * Pages send `?writer=` (one secret per browser and map) and `?presence=` (one per page load).
 */

let server: TestServer;
let map: CreatedMap;
const providers: WebsocketProvider[] = [];

const ALICE_KEY = 'alice-writer-key-000000000000';
const MALLORY_KEY = 'mallory-writer-key-0000000000';

interface Opened {
  doc: Y.Doc;
  provider: WebsocketProvider;
  comment(text: string): string;
}

/** A connection to the review room as the page makes it; `doc` may carry a local copy (a reload). */
async function openReview(name: string, keys: { writer?: string; presence?: string } = {}, doc = new Y.Doc(), token = map.tokens.review): Promise<Opened> {
  const provider = new WebsocketProvider(server.syncUrl, `${map.id}/review`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, name, ...keys },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  await synced(provider);
  const commands = createReviewCommands(doc);
  return { doc, provider, comment: (text) => commands.comment({ target: 'j3', author: name, text }) };
}

/** The comments' texts as the server has them, through the API. */
async function textsOnServer(): Promise<string[]> {
  const { body } = await getMap(server.url, map.id, map.tokens.view);
  return (body.comments as Comment[]).map((comment) => comment.text);
}

/** Writes under `victim`'s clientID at its next clocks, as a hand-made client could: the forged doc takes the victim's id after it has synced. */
function forgeAs(forger: Opened, victim: Y.Doc, text: string): void {
  const own = forger.doc.clientID;
  forger.doc.clientID = victim.clientID;
  forger.comment(text);
  forger.doc.clientID = own; // its provider's presence is under its own
}

beforeEach(async () => {
  server = await startTestServer();
  map = await createMap(server.url, loadFixture('contract-review'));
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.close();
});

describe("a writer's Yjs client id in the review room", () => {
  it("cannot be written under by another review link: it is closed 4409, and the writer's offline comment still arrives", async () => {
    const alice = await openReview('Alice', { writer: ALICE_KEY });
    alice.comment('first, online');
    await waitFor(async () => (await textsOnServer()).includes('first, online'), 5000, "Alice's comment");
    alice.provider.disconnect();
    alice.comment('written offline');

    const mallory = await openReview('Mallory', { writer: MALLORY_KEY });
    const closed = refused(mallory.provider);
    forgeAs(mallory, alice.doc, 'in the place of hers');
    expect((await closed).code).toBe(CLOSE_CODES.WRITER_ID_TAKEN);

    alice.provider.connect();
    await waitFor(async () => (await textsOnServer()).includes('written offline'), 5000, "Alice's offline comment");
    expect(await textsOnServer()).not.toContain('in the place of hers');
  });

  it('stays its browser\'s across the server\'s restart and a reload of the page, whose local copy holds the offline comment', async () => {
    const alice = await openReview('Alice', { writer: ALICE_KEY });
    alice.comment('first, online');
    await waitFor(async () => (await textsOnServer()).includes('first, online'), 5000, "Alice's comment");
    alice.provider.disconnect();
    alice.comment('written offline, then reloaded');
    // The page's copy in IndexedDB: the old page's structs under its clientID, in a new page's doc.
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(alice.doc));
    await server.restart();

    const mallory = await openReview('Mallory', { writer: MALLORY_KEY });
    const closed = refused(mallory.provider);
    forgeAs(mallory, alice.doc, 'in the place of hers');
    expect((await closed).code).toBe(CLOSE_CODES.WRITER_ID_TAKEN);

    await openReview('Alice', { writer: ALICE_KEY }, reloaded);
    await waitFor(async () => (await textsOnServer()).includes('written offline, then reloaded'), 5000, "Alice's offline comment");
    expect(await textsOnServer()).not.toContain('in the place of hers');
  });

  it("is its page's before the page first writes: the presence the page announced keeps it", async () => {
    const alice = await openReview('Alice', { writer: ALICE_KEY, presence: 'alice-presence-key-00000000' });
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const mallory = await openReview('Mallory', { writer: MALLORY_KEY, presence: 'mallory-presence-key-000000' });
    await waitFor(() => mallory.provider.awareness.getStates().has(alice.doc.clientID), 5000, "Alice's presence");
    const closed = refused(mallory.provider);
    forgeAs(mallory, alice.doc, 'at her first clock');
    expect((await closed).code).toBe(CLOSE_CODES.WRITER_ID_TAKEN);

    alice.comment('her first comment');
    await waitFor(async () => (await textsOnServer()).includes('her first comment'), 5000, "Alice's first comment");
    expect(await textsOnServer()).not.toContain('at her first clock');
  });

  it('is bound in a map no client may write, not even an edit link', async () => {
    const editor = await openReview('Editor', { writer: 'editor-writer-key-00000000' }, new Y.Doc(), map.tokens.edit);
    const closed = new Promise<number>((resolve) => editor.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
    writersOf(editor.doc).set(String(editor.doc.clientID + 1), 'a hash of my choosing000');
    expect(await closed).toBe(CLOSE_CODES.MALFORMED);
    const watcher = await openReview('Watcher', {}, new Y.Doc(), map.tokens.view);
    expect(writersOf(watcher.doc).has(String(editor.doc.clientID + 1))).toBe(false);
  });

  it('of a client without a key is its connection\'s while it is connected, and free once it has gone', async () => {
    const stock = await openReview('Stock');
    stock.comment('from a client without a key');
    await waitFor(async () => (await textsOnServer()).includes('from a client without a key'), 5000, 'the comment');
    const other = await openReview('Other');
    const contested = new Promise<number>((resolve) => other.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
    forgeAs(other, stock.doc, 'while it is connected');
    expect(await contested).toBe(CLOSE_CODES.WRITER_ID_CONTESTED);
    expect(await textsOnServer()).not.toContain('while it is connected');

    stock.provider.disconnect();
    // Retried (45xx), the change is taken once its holder has gone.
    await waitFor(async () => (await textsOnServer()).includes('while it is connected'), 5000, 'the retried change');
  });
});
