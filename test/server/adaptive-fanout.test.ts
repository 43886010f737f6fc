import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { AdaptiveWindow } from '../../server/sync/adaptive-window';
import { Fanout, type Peer } from '../../server/sync/fanout';
import { connect, createMap, getMap, startTestServer, synced, type TestServer, waitFor } from './helpers';

/**
 * A room batches its relay only when batching pays (adaptive-window.ts): a quiet or small room
 * sends every edit and cursor move at once, whatever the configured (longest) window; a busy
 * room batches, up to that window.
 */

describe('AdaptiveWindow', () => {
  function clocked() {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }

  it('is 0 while the room would send within its budget, and opens, up to the longest window, beyond it', () => {
    const clock = clocked();
    const window = new AdaptiveWindow(30, 10_000, 1, clock.now);
    expect(window.windowMs(2)).toBe(0); // nothing relayed yet
    // 2 clients, 100 items a second: 200 sends a second, within the budget.
    for (let i = 0; i < 300; i += 1) {
      window.note();
      clock.advance(10);
    }
    expect(window.windowMs(2)).toBe(0);
    // 50 clients at the same rate: 5,000 sends a second, still within it.
    expect(window.windowMs(50)).toBe(0);
    // 1,000 items a second to 50 clients: 50,000 a second, over it; one batch per 5 ms is 10,000.
    for (let i = 0; i < 3000; i += 1) {
      window.note();
      clock.advance(1);
    }
    expect(window.windowMs(50)).toBeCloseTo(5, 5);
    // 1,000 clients would need 100 ms: capped at the longest window.
    expect(window.windowMs(1000)).toBe(30);
    // The room goes quiet: the rate decays, and the next item goes out at once.
    clock.advance(5000);
    expect(window.windowMs(50)).toBe(0);
  });

  it('counts a presence message twice (its echo), and with a budget of 0 always batches at the longest window', () => {
    const clock = clocked();
    const presence = new AdaptiveWindow(30, 10_000, 2, clock.now);
    const fixed = new AdaptiveWindow(60_000, 0, 1, clock.now);
    for (let i = 0; i < 3000; i += 1) {
      presence.note();
      fixed.note();
      clock.advance(1);
    }
    expect(presence.windowMs(50)).toBeCloseTo(10, 5);
    expect(fixed.windowMs(2)).toBe(60_000);
  });
});

describe('Fanout', () => {
  /** A room of `count` peers recording what each was sent, relaying numbers, with a budget of `sendsPerSecond`. */
  function room(count: number, sendsPerSecond: number) {
    const sent: number[][] = Array.from({ length: count }, () => []);
    const peers: Peer[] = sent.map((messages) => ({ send: (message) => messages.push(...message), bufferedAmount: 0, close() {} }));
    const fanout = new Fanout<number>({ peers: () => peers, windowMs: 20, sendsPerSecond, slowClientBytes: 1000, onSlowPeer() {}, encode: (items) => Uint8Array.from(items) });
    return { sent, fanout };
  }

  it('sends an update of a quiet room before addAndSend returns, ahead of the room\'s own work on it', () => {
    const { sent, fanout } = room(3, 10_000);
    fanout.addAndSend(1);
    expect(sent).toEqual([[1], [1], [1]]);
    fanout.addAndSend(2);
    expect(sent).toEqual([[1, 2], [1, 2], [1, 2]]);
    fanout.stop();
  });

  it('sends an update to everyone else before its author, whose copy only confirms it', () => {
    const order: string[] = [];
    const peer = (name: string): Peer => ({ send: () => order.push(name), bufferedAmount: 0, close() {} });
    const [ann, bob, cem] = [peer('Ann'), peer('Bob'), peer('Cem')];
    const fanout = new Fanout<number>({ peers: () => [ann, bob, cem], windowMs: 20, sendsPerSecond: 10_000, slowClientBytes: 1000, onSlowPeer() {}, encode: (items) => Uint8Array.from(items) });
    fanout.addAndSend(1, [ann]);
    expect(order).toEqual(['Bob', 'Cem', 'Ann']);
    fanout.stop();
  });

  it('holds updates of a busy room for its window and sends them together', async () => {
    // A budget of 1 send a second: past the first item, every window is the longest (20 ms).
    const { sent, fanout } = room(3, 1);
    fanout.addAndSend(1);
    fanout.addAndSend(2);
    fanout.addAndSend(3);
    expect(sent).toEqual([[1], [1], [1]]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    fanout.stop();
  });
});

let server: TestServer | undefined;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server?.close();
  server = undefined;
});

async function twoPeople() {
  // Longest windows of a minute: a room that batched at them would hold every edit after the first for up to a minute.
  server = await startTestServer({ fanoutWindowMs: 60_000, awarenessWindowMs: 60_000 });
  const map = await createMap(server.url, {});
  const ann = connect(server.syncUrl, map.id, map.tokens.edit);
  const bob = connect(server.syncUrl, map.id, map.tokens.edit);
  providers.push(ann.provider, bob.provider);
  await Promise.all([synced(ann.provider), synced(bob.provider)]);
  stepsOf(ann.doc).set('s1', itemFromFields({ kind: 'human', label: 'Take order', position: { x: 0, y: 0 } }));
  await waitFor(() => positionOf(bob.doc) === 0, 10_000, 'Bob to see the step');
  return { server, map, ann, bob };
}

const positionOf = (doc: Y.Doc) => (stepsOf(doc).get('s1')?.get('position') as { x: number } | undefined)?.x;

it('a quiet two-person room relays every edit as it comes, without waiting out the window, and stores each', async () => {
  const { server, map, ann, bob } = await twoPeople();
  for (let x = 1; x <= 5; x += 1) {
    stepsOf(ann.doc).get('s1')?.set('position', { x, y: 0 });
    await waitFor(() => positionOf(bob.doc) === x, 10_000, `Bob to see edit ${x}`);
  }
  // Relayed only once on disk: the server's copy has the last one.
  const stored = await getMap(server.url, map.id, map.tokens.edit);
  expect((stored.body.steps as { id: string; position: { x: number } }[]).find((step) => step.id === 's1')?.position.x).toBe(5);
});

it('a quiet two-person room relays every cursor move as it comes', async () => {
  const { ann, bob } = await twoPeople();
  const cursorAt = () => (bob.provider.awareness.getStates().get(ann.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x;
  for (let x = 1; x <= 5; x += 1) {
    ann.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
    await waitFor(() => cursorAt() === x, 10_000, `Bob to see cursor move ${x}`);
  }
});

it('relays an edit sent together with a cursor move before the cursor, as the page sends them while dragging', async () => {
  const { ann, bob } = await twoPeople();
  const seen: string[] = [];
  stepsOf(bob.doc).observeDeep(() => seen.push('edit'));
  bob.provider.awareness.on('change', ({ updated, added }: Record<'updated' | 'added', number[]>) => {
    if ([...updated, ...added].includes(ann.doc.clientID)) seen.push('cursor');
  });
  for (let x = 1; x <= 5; x += 1) {
    seen.length = 0;
    stepsOf(ann.doc).get('s1')?.set('position', { x, y: 0 });
    ann.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
    await waitFor(() => seen.includes('edit') && seen.includes('cursor'), 10_000, `Bob to see move ${x}`);
    expect(seen, `move ${x}`).toEqual(['edit', 'cursor']);
  }
});
