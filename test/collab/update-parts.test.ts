import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateMap } from '../../bench/generate-map';
import { readMap, writeMap } from '../../src/collab/doc';
import { updateInParts } from '../../src/collab/update-parts';

/** A doc holding `size` generated steps, and a second doc in the same state (the server's copy). */
function twoCopies(size: number) {
  const page = new Y.Doc();
  writeMap(page, generateMap(size, 7));
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(page));
  return { page, server };
}

it('splits an import into parts under the size that change nothing until the last, which brings the whole import', () => {
  const { page, server } = twoCopies(300);
  let update: Uint8Array = new Uint8Array();
  page.on('update', (u: Uint8Array) => {
    update = u;
  });
  writeMap(page, generateMap(1500, 8));
  const parts = updateInParts(update, 16 * 1024);
  expect(parts.length).toBeGreaterThan(5);
  // A struct's few bytes past the size at most, and the deletions with the last.
  for (const part of parts.slice(0, -1)) expect(part.byteLength).toBeLessThan(17 * 1024);
  const before = JSON.stringify(readMap(server).map);
  for (const part of parts.slice(0, -1)) {
    Y.applyUpdate(server, part);
    expect(JSON.stringify(readMap(server).map)).toBe(before);
  }
  Y.applyUpdate(server, parts[parts.length - 1]);
  expect(server.store.pendingStructs).toBeNull();
  expect(server.store.pendingDs).toBeNull();
  expect(readMap(server).map).toEqual(readMap(page).map);
  expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(page));
});

it('splits what a server lacks of several clients (a sync step 2) into parts that end in the same doc', () => {
  const a = new Y.Doc();
  writeMap(a, generateMap(800, 3));
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  writeMap(b, generateMap(900, 4));
  const server = new Y.Doc();
  const parts = updateInParts(Y.encodeStateAsUpdate(b), 32 * 1024);
  expect(parts.length).toBeGreaterThan(3);
  for (const part of parts) Y.applyUpdate(server, part);
  expect(readMap(server).map).toEqual(readMap(b).map);
  expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(b));
});

it('leaves an update within the size whole', () => {
  const doc = new Y.Doc();
  writeMap(doc, generateMap(10, 1));
  const update = Y.encodeStateAsUpdate(doc);
  expect(updateInParts(update, update.byteLength)).toEqual([update]);
});
