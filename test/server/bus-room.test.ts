import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentsOf, itemFromFields, stepsOf } from '../../src/collab/doc';
import { silentLogger } from '../../server/log';
import { defaultSettings } from '../../server/settings';
import { memoryStore } from '../../server/storage/memory';
import type { Bus, RoomListener } from '../../server/sync/bus';
import type { Peer } from '../../server/sync/fanout';
import { decodeClientMessage, encodeUpdate } from '../../server/sync/messages';
import { Room } from '../../server/sync/room';

/**
 * A room taking in what another instance stored (bus.ts): relayed to its own clients, and taken
 * into its shadow doc, so a client's next edit that builds on it is written at once, and in a
 * review room it is not judged as that client's doing. The bus here is the smallest one that
 * delivers (the Redis one is tested against a real Redis: redis-bus.test.ts, redis-cluster.test.ts).
 */
function handBus(store: ReturnType<typeof memoryStore>): Bus & { deliver(update: Uint8Array): void } {
  const listeners: RoomListener[] = [];
  return {
    join(room, listener) {
      listeners.push(listener);
      return { load: () => store.loadUpdates(room), close() {} };
    },
    async close() {},
    deliver(update) {
      for (const listener of listeners) listener.deliver([update]);
    },
  };
}

function peer(name?: string) {
  const sent: Uint8Array[] = [];
  return { sent, name, bufferedAmount: 0, send: (bytes: Uint8Array) => sent.push(bytes), close() {} } satisfies Peer & { sent: Uint8Array[] };
}

const settings = { ...defaultSettings, fanoutWindowMs: 5, awarenessWindowMs: 5 };
const hooks = { onEmpty() {}, onFailure() {} };
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));
const updateMessage = (update: Uint8Array) => decodeClientMessage(encodeUpdate(update));

/** What `change` does to a copy of `base`, as one update. */
function changeOf(base: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

it("relays another instance's update to its clients and builds on it: a client's edit of it is written at once", async () => {
  const store = memoryStore();
  const bus = handBus(store);
  const room = new Room('r', 'map', store, settings, hooks, silentLogger, undefined, bus);
  await room.ready;
  const editor = peer();
  const reader = peer();
  room.join(editor, 'edit');
  room.join(reader, 'view');
  reader.sent.length = 0;

  const elsewhere = new Y.Doc();
  stepsOf(elsewhere).set('x', itemFromFields({ kind: 'human', label: 'from the other instance' }));
  bus.deliver(Y.encodeStateAsUpdate(elsewhere));
  await tick();
  expect(reader.sent.length).toBe(1);
  expect(stepsOf(room.doc).has('x')).toBe(true);

  // The editor relabels that step: its update depends on the delivered one.
  const relabel = changeOf(elsewhere, (doc) => (stepsOf(doc).get('x') as Y.Map<unknown>).set('label', 'relabelled'));
  expect(room.receive(editor, updateMessage(relabel))).toBe('ok');
  await room.drain();
  expect(store.updates.get('r')).toHaveLength(1);
  expect((stepsOf(room.doc).get('x') as Y.Map<unknown>).get('label')).toBe('relabelled');
});

it("in a review room, a change another instance stored is not judged as the next reviewer's", async () => {
  const store = memoryStore();
  const base = new Y.Doc();
  commentsOf(base).set('c0', { id: 'c0', author: 'Bob', text: 'by Bob', at: '2026-01-01T00:00:00.000Z' });
  await store.appendUpdate('r/review', Y.encodeStateAsUpdate(base));
  const bus = handBus(store);
  const room = new Room('r/review', 'review', store, settings, hooks, silentLogger, undefined, bus);
  await room.ready;
  const reviewer = peer('Cid');
  room.join(reviewer, 'review');

  // An editor on the other instance deletes Bob's comment (editors may); then Cid adds one of their own here.
  bus.deliver(changeOf(base, (doc) => commentsOf(doc).delete('c0')));
  const own = changeOf(base, (doc) => commentsOf(doc).set('c2', { id: 'c2', author: 'Cid', text: 'by Cid', at: '2026-01-02T00:00:00.000Z' }));
  expect(room.receive(reviewer, updateMessage(own))).toBe('ok');
  await room.drain();
  expect([...commentsOf(room.doc).keys()]).toEqual(['c2']);
});
