import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { replaceWithReview } from '../../src/collab/replaceWithReview';
import { createUndoManager } from '../../src/collab/undo';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';

/** An open map with its review work (a comment, a waiver, a team score), and an import that replaces it all. */
function openMap() {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  const map: StallMap = { ...loadFixture('contract-review'), assessment: { workflow: { score: 2, evidence: 'Reviews take a week', by: 'Ana', at: '2026-11-01' } } };
  writeMap(doc, map, null, review);
  const undo = createUndoManager(doc);
  const commands = createCommands(doc, undo);
  const replace = replaceWithReview(undo, review, commands.replaceMap);
  const imported: StallMap = { ...loadFixture('contract-review'), title: 'Imported', waivers: [], comments: [] };
  const read = () => readMap(doc, review).map;
  return { undo, replace, imported, read, before: read() };
}

describe('replacing the map for everyone, then undoing it', () => {
  it('brings back the comments, waivers and team scores the import replaced, and redo takes them away again', () => {
    const { undo, replace, imported, read, before } = openMap();
    expect([before.comments?.length, before.waivers?.length, before.assessment?.workflow?.score]).toEqual([1, 1, 2]);
    replace(imported);
    expect([read().title, read().comments, read().waivers, read().assessment]).toEqual(['Imported', [], [], undefined]);

    undo.undo();
    const undone = read();
    expect(undone.title).toBe(before.title);
    expect([undone.comments, undone.waivers, undone.assessment]).toEqual([before.comments, before.waivers, before.assessment]);

    undo.redo();
    expect([read().title, read().comments, read().waivers, read().assessment]).toEqual(['Imported', [], [], undefined]);
    undo.undo();
    expect(read().comments).toEqual(before.comments);
  });

  it('leaves the review work alone when the map command refuses the replace', () => {
    const doc = new Y.Doc();
    const review = new Y.Doc();
    writeMap(doc, loadFixture('contract-review'), null, review);
    const undo = createUndoManager(doc);
    const refusing = () => {}; // as replaceMap does without write access or over the server's limits
    replaceWithReview(undo, review, refusing)({ ...loadFixture('contract-review'), waivers: [], comments: [] });
    expect(readMap(doc, review).map.comments).toHaveLength(1);
  });
});
