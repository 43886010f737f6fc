import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../server/log';
import type { Role } from '../../server/maps/roles';
import { defaultSettings } from '../../server/settings';
import { memoryStore } from '../../server/storage/memory';
import type { Peer } from '../../server/sync/fanout';
import { decodeClientMessage, encodeSyncStep1, encodeUpdate, MalformedMessage } from '../../server/sync/messages';
import { Room } from '../../server/sync/room';

/** A peer that records what it is sent, and what was on disk at that moment. */
function fakePeer(store: ReturnType<typeof memoryStore>, room = 'r') {
  const peer = {
    sent: [] as { bytes: Uint8Array; storedUpdates: number }[],
    closed: undefined as number | undefined,
    bufferedAmount: 0,
    send(bytes: Uint8Array) {
      peer.sent.push({ bytes, storedUpdates: store.updates.get(room)?.length ?? 0 });
    },
    close(code: number) {
      peer.closed = code;
    },
  };
  return peer satisfies Peer;
}

function updateSetting(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

const settings = { ...defaultSettings, fanoutWindowMs: 5, awarenessWindowMs: 5, slowClientBytes: 1000 };
const hooks = { onEmpty() {}, onFailure() {} };
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function openRoom(kind: 'map' | 'review' = 'map') {
  const store = memoryStore();
  const room = new Room('r', kind, store, settings, hooks, silentLogger);
  await room.ready;
  return { store, room };
}

function join(room: Room, store: ReturnType<typeof memoryStore>, role: Role) {
  const peer = fakePeer(store);
  room.join(peer, role);
  peer.sent.length = 0; // the greeting
  return peer;
}

const updateMessage = (update: Uint8Array) => decodeClientMessage(encodeUpdate(update));

describe('Room', () => {
  it('stores an update before relaying it, and relays a tick of updates as one message', async () => {
    const { store, room } = await openRoom();
    const writer = join(room, store, 'edit');
    const reader = join(room, store, 'view');
    for (let i = 0; i < 100; i += 1) room.receive(writer, updateMessage(updateSetting(`k${i}`, i)));
    await room.drain();
    await tick();
    expect(store.updates.get('r')).toHaveLength(1);
    expect(reader.sent).toHaveLength(1);
    expect(reader.sent[0].storedUpdates).toBe(1);
    expect(room.doc.getMap('meta').get('k99')).toBe(99);
  });

  it('drops writes from a peer whose role may not write the room, but answers its sync', async () => {
    const { store, room } = await openRoom('map');
    const reviewer = join(room, store, 'review');
    const other = join(room, store, 'edit');
    expect(room.receive(reviewer, updateMessage(updateSetting('title', 'x')))).toBe('dropped');
    expect(room.receive(reviewer, decodeClientMessage(encodeSyncStep1(new Uint8Array([0]))))).toBe('ok');
    await room.drain();
    await tick();
    expect(store.updates.get('r')).toBeUndefined();
    expect(room.doc.getMap('meta').size).toBe(0);
    expect(other.sent).toHaveLength(0);
    expect(reviewer.sent).toHaveLength(1); // the sync step 2 answer
  });

  it('rejects a malformed update before it reaches the disk or the doc', async () => {
    const { store, room } = await openRoom();
    const writer = join(room, store, 'edit');
    const garbage = updateSetting('title', 'x').map((byte, i) => (i > 2 ? 255 - byte : byte));
    expect(() => room.receive(writer, updateMessage(garbage))).toThrow(MalformedMessage);
    await room.drain();
    expect(store.updates.get('r')).toBeUndefined();
  });

  it('closes a peer whose socket buffer is over the limit instead of queueing more', async () => {
    const { store, room } = await openRoom();
    const writer = join(room, store, 'edit');
    const slow = join(room, store, 'edit');
    slow.bufferedAmount = 5000;
    room.receive(writer, updateMessage(updateSetting('a', 1)));
    await room.drain();
    await tick();
    expect(slow.closed).toBe(1013);
    expect(slow.sent).toHaveLength(0);
    expect(writer.sent).toHaveLength(1);
  });
});
