import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { stepsOf } from '../../src/collab/doc';
import { encodeAwareness } from '../../server/sync/messages';
import { rawSocket, waitFor } from '../server/helpers';
import { addStep } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * A crowd of large but legal presence states (issue 17, item 5): 20 view-link bots with 60 kB
 * each, under the 64 KiB per-person limit. A page that joins after them used to be told "Your
 * last change was not saved" and never reached the server again: the room's presence together
 * was over the 1 MiB message limit, and the page's provider echoed it back to the server, which
 * closed it 1009. Now the room's presence is budgeted, the page sends only its own, and a 1009
 * for presence is not taken for a change.
 */

const env = withAppAndBrowser();

const BOTS = 20;
const STATE_BYTES = 60_000;

/** A view-link bot on a raw socket announcing one large presence state. */
async function bot(syncUrl: string, mapId: string, viewToken: string, clientID: number): Promise<WebSocket> {
  const ws = await rawSocket(syncUrl, `${mapId}?token=${viewToken}`);
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: `bot ${clientID}` }, padding: 'x'.repeat(STATE_BYTES) });
  ws.send(encodeAwareness(encodeAwarenessUpdate(awareness, [clientID])));
  awareness.destroy();
  return ws;
}

/**
 * Another client on a raw socket, which echoes nothing (so a crowd's presence cannot get it
 * closed, as it would the stock client on today's server): the map's changes it receives, in a
 * doc, and the clientIDs of the presence states it has seen.
 */
function listen(ws: WebSocket) {
  const doc = new Y.Doc();
  const seen = new Set<number>();
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === 1 || syncType === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      return;
    }
    if (type !== 1) return;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(update);
      decoding.readVarUint(update);
      if (decoding.readVarString(update) !== 'null') seen.add(client);
    }
  });
  return { doc, seen };
}

describe('a crowd of large presence states', () => {
  it('does not lock out a page that joins after it: it edits, its edit reaches another client, nothing says "not saved"', async () => {
    const created = await env.app.createMap({});
    const sockets: WebSocket[] = [];
    try {
      const watcher = await rawSocket(env.app.syncUrl, `${created.id}?token=${created.tokens.view}`);
      sockets.push(watcher);
      const other = listen(watcher);
      const seen = other.seen;
      sockets.push(...(await Promise.all(Array.from({ length: BOTS }, (_, i) => bot(env.app.syncUrl, created.id, created.tokens.view, 7000 + i)))));
      let last = -1;
      await waitFor(
        async () => {
          const settled = seen.size > 0 && seen.size === last;
          last = seen.size;
          await new Promise((resolve) => setTimeout(resolve, 300));
          return settled;
        },
        15_000,
        'the bots’ presence to arrive',
      );

      const { page } = await env.browser.person('Pat');
      await page.goto(created.links.edit);
      await page.locator('.connection.is-connected').waitFor({ timeout: 10_000 });
      const id = await addStep(page, 'human');
      await waitFor(() => stepsOf(other.doc).has(id), 10_000, 'the page’s step at the other client');
      await expect.poll(async () => (await env.app.getMap(created.id, created.links.edit)).steps.map((s) => s.id)).toContain(id);
      expect(await page.locator('.banner.refusal').count()).toBe(0);
      expect(await page.getByText('not saved').count()).toBe(0);
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });
});
