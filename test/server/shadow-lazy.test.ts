import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { Refusal } from '../../server/sync/refusal';
import { ShadowDoc, type SizeLimits } from '../../server/sync/shadow-doc';

/** The shadow built only when an update needs it, and dropped when idle (shadow-doc.ts); the server-level tests are in shadow-idle.test.ts. */

const shadows: ShadowDoc[] = [];
afterEach(() => {
  for (const shadow of shadows.splice(0)) shadow.destroy();
});

function roomWith(steps: string[]) {
  const doc = new Y.Doc();
  for (const id of steps) stepsOf(doc).set(id, itemFromFields({ kind: 'human', label: id }));
  return doc;
}

function shadowOf(room: Y.Doc, limits: SizeLimits = { maxSteps: 3, maxJoins: 10, maxDocBytes: 1 << 20 }, unwritten: Uint8Array[] = []) {
  const events: string[] = [];
  const shadow = new ShadowDoc(limits, () => [Y.encodeStateAsUpdate(room), ...unwritten], undefined, undefined, (event) => events.push(event));
  shadows.push(shadow);
  return { shadow, events };
}

/** Two updates of one client, the second building on the first: alone, the second waits. */
function dependentUpdates() {
  const doc = new Y.Doc();
  const sent: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => sent.push(update));
  stepsOf(doc).set('x', itemFromFields({ kind: 'human', label: 'x' }));
  stepsOf(doc).get('x')?.set('label', 'renamed');
  return sent;
}

describe('a lazy shadow', () => {
  it('is not built by an update that carries nothing, and is by one that does', () => {
    const { shadow, events } = shadowOf(roomWith(['a']));
    expect(shadow.admit(Y.encodeStateAsUpdate(new Y.Doc()))).toEqual([]);
    expect(shadow.isBuilt).toBe(false);
    expect(events).toEqual([]);
    expect(shadow.admit(Y.encodeStateAsUpdate(roomWith(['b'])))).toHaveLength(1);
    expect(shadow.isBuilt).toBe(true);
    expect(events).toEqual(['room.shadow-built']);
  });

  it('counts what the room has and what is still being written once rebuilt after a drop', () => {
    const room = roomWith(['a', 'b']);
    const { shadow } = shadowOf(room, undefined, [Y.encodeStateAsUpdate(roomWith(['c']))]);
    // A rename adds no step: it builds the shadow and fits.
    const rename = new Y.Doc();
    Y.applyUpdate(rename, Y.encodeStateAsUpdate(room));
    stepsOf(rename).get('a')?.set('label', 'renamed');
    expect(shadow.admit(Y.encodeStateAsUpdate(rename, Y.encodeStateVector(room)))).toHaveLength(1);
    expect(shadow.drop()).toBe(true);
    // Rebuilt from two steps in the room and one being written: a fourth is past maxSteps (3).
    expect(() => shadow.admit(Y.encodeStateAsUpdate(roomWith(['d'])))).toThrow(Refusal);
  });

  it('is not dropped while structs wait in it for what they build on', () => {
    const [first, second] = dependentUpdates();
    const { shadow } = shadowOf(roomWith([]));
    expect(shadow.admit(second)).toEqual([]);
    expect(shadow.drop()).toBe(false);
    expect(shadow.isBuilt).toBe(true);
    // What waited is completed and written with what it waited for.
    const written = shadow.admit(first);
    const doc = new Y.Doc();
    for (const update of written) Y.applyUpdate(doc, update);
    expect(stepsOf(doc).get('x')?.get('label')).toBe('renamed');
    expect(shadow.drop()).toBe(true);
  });

  it('is dropped after shadowIdleMs without an update, and rebuilt by the next', async () => {
    const { shadow, events } = shadowOf(roomWith([]), { maxSteps: 10, maxJoins: 10, maxDocBytes: 1 << 20, shadowIdleMs: 20 });
    shadow.admit(Y.encodeStateAsUpdate(roomWith(['a'])));
    expect(shadow.isBuilt).toBe(true);
    for (let i = 0; i < 200 && shadow.isBuilt; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(shadow.isBuilt).toBe(false);
    expect(events).toEqual(['room.shadow-built', 'room.shadow-dropped']);
    shadow.admit(Y.encodeStateAsUpdate(roomWith(['b'])));
    expect(events).toEqual(['room.shadow-built', 'room.shadow-dropped', 'room.shadow-built']);
  });
});
