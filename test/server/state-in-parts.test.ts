import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map';
import { encodeStateInParts, PART_BYTES } from '../../server/sync/state-in-parts';
import { writeMap } from '../../src/collab/doc';

/** What a doc holds, compared: its content, its clocks and its deletions. */
function holding(doc: Y.Doc) {
  return {
    steps: doc.getMap('steps').toJSON(),
    list: doc.getArray('list').toJSON(),
    text: doc.getText('text').toString(),
    clocks: Y.decodeStateVector(Y.encodeStateVector(doc)),
    deleted: Y.createDeleteSetFromStructStore(doc.store),
  };
}

function applyInOrder(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

function expectSame(copy: Y.Doc, doc: Y.Doc): void {
  const [got, want] = [holding(copy), holding(doc)];
  expect(copy.store.pendingStructs).toBeNull();
  expect({ ...got, deleted: null }).toEqual({ ...want, deleted: null });
  expect(Y.equalDeleteSets(got.deleted, want.deleted)).toBe(true);
}

/** One person's edit: a step set or changed, a key deleted, text or list items inserted or removed. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), label: fc.string({ maxLength: 30 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(40), text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(40), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('push' as const), values: fc.array(fc.integer(), { minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('pop' as const), at: fc.nat(20) }),
);


function apply(doc: Y.Doc, change: typeof edit extends fc.Arbitrary<infer T> ? T : never): void {
  const steps = doc.getMap<Y.Map<unknown>>('steps');
  const text = doc.getText('text');
  const list = doc.getArray<number>('list');
  switch (change.kind) {
    case 'set': {
      const step = steps.get(change.key);
      if (step) step.set('label', change.label);
      else steps.set(change.key, new Y.Map([['label', change.label]]));
      return;
    }
    case 'delete':
      steps.delete(change.key);
      return;
    case 'type':
      text.insert(Math.min(change.at, text.length), change.text);
      return;
    case 'cut':
      if (text.length > 0) text.delete(Math.min(change.at, text.length - 1), Math.min(change.length, text.length - Math.min(change.at, text.length - 1)));
      return;
    case 'push':
      list.push(change.values);
      return;
    case 'pop':
      if (list.length > 0) list.delete(Math.min(change.at, list.length - 1));
      return;
  }
}

describe('a doc encoded in parts', () => {
  it('is one part, the whole update, when it is small', () => {
    const doc = new Y.Doc();
    writeMap(doc, generateMap(5, 1));
    const parts = encodeStateInParts(doc, PART_BYTES);
    expect(parts).toEqual([Y.encodeStateAsUpdate(doc)]);
  });

  it('is cut into parts of about the size asked for, which applied in order hold the whole map', () => {
    const doc = new Y.Doc();
    writeMap(doc, generateMap(1000, 7));
    const parts = encodeStateInParts(doc, PART_BYTES);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) expect(part.byteLength).toBeLessThan(PART_BYTES + 1024);
    const copy = new Y.Doc();
    for (const part of parts.slice(0, -1)) {
      Y.applyUpdate(copy, part);
      expect(copy.store.pendingStructs).toBeNull(); // each part builds on the ones before it
    }
    Y.applyUpdate(copy, parts.at(-1) as Uint8Array);
    expectSame(copy, doc);
  });

  it('holds what the whole holds, for any edits of several people and any part size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), edit, fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 8, 40, 200, 100_000),
        (edits, partBytes) => {
          const people = [1, 2, 3].map((client) => {
            const doc = new Y.Doc();
            doc.clientID = client * 1000;
            return doc;
          });
          for (const [who, change, syncAfter] of edits) {
            apply(people[who], change);
            // Some edits are seen by everyone before the next, so edits build on others' structs.
            if (syncAfter) for (const other of people) Y.applyUpdate(other, Y.encodeStateAsUpdate(people[who]));
          }
          const doc = new Y.Doc();
          for (const person of people) Y.applyUpdate(doc, Y.encodeStateAsUpdate(person));
          const parts = encodeStateInParts(doc, partBytes);
          for (const part of parts) expect(() => Y.decodeUpdate(part)).not.toThrow();
          expectSame(applyInOrder(parts), doc);
        },
      ),
      { numRuns: 300 },
    );
  });
});
