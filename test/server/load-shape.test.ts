import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemFromFields, stepsOf } from '../../src/collab/doc';
import { memoryStore } from '../../server/storage/memory';
import { loadDoc } from '../../server/sync/load';

/**
 * load.ts checks the first update of a log by walking the loaded doc, not by decoding the update
 * again: what the first update holds that does not fit must still be dropped before a later
 * update deletes what holds it (Yjs deletes a nested type by recursion).
 */

/** Shared maps nested `depth` deep under `key` of `parent`, as a server before the shape checks stored them. */
function nestMaps(doc: Y.Doc, parent: Y.Map<unknown>, key: string, depth: number): void {
  doc.transact(() => {
    let map = new Y.Map<unknown>();
    parent.set(key, map);
    for (let i = 1; i < depth; i++) {
      const inner = new Y.Map<unknown>();
      map.set('x', inner);
      map = inner;
    }
  });
}

it('drops the misfits of a compacted log’s first update before a later update deletes their step', async () => {
  // The steps, then the nested maps in one of them, stored as one compacted update; then, from a
  // client that never saw the nesting, that step deleted and another renamed.
  const base = new Y.Doc();
  for (const id of ['a', 'b', 'evil']) stepsOf(base).set(id, itemFromFields({ kind: 'human', label: id }));
  const baseState = Y.encodeStateAsUpdate(base);
  const nesting = new Y.Doc();
  Y.applyUpdate(nesting, baseState);
  nestMaps(nesting, stepsOf(nesting).get('evil') as Y.Map<unknown>, 'notes', 6000);
  const snapshot = Y.mergeUpdates([baseState, Y.encodeStateAsUpdate(nesting, Y.encodeStateVector(base))]);
  const editor = new Y.Doc();
  Y.applyUpdate(editor, baseState);
  stepsOf(editor).delete('evil');
  stepsOf(editor).get('a')?.set('label', 'renamed');
  const later = Y.encodeStateAsUpdate(editor, Y.encodeStateVector(base));

  const store = memoryStore();
  await store.appendUpdate('room', snapshot);
  await store.appendUpdate('room', later);
  const doc = new Y.Doc();
  const result = await loadDoc(store, 'room', doc);
  expect(result).toMatchObject({ updates: 2, skipped: 0 });
  expect(result.dropped).toBeGreaterThan(0);
  expect([...stepsOf(doc).keys()].sort()).toEqual(['a', 'b']);
  expect(stepsOf(doc).get('a')?.get('label')).toBe('renamed');
  expect(() => Y.encodeStateAsUpdate(doc)).not.toThrow();
});
