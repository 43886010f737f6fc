import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { replaceWithReview } from '../../src/collab/replaceWithReview';
import { createReviewCommands } from '../../src/collab/reviewCommands';
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
  return { doc, review, undo, replace, imported, read, before: read() };
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

/**
 * Two people on one map, their docs wired together as the server would: Ana replaces the map for
 * everyone, and Ben does review work on the imported map before she undoes.
 */
function twoPeople() {
  const wire = (a: Y.Doc, b: Y.Doc) => {
    a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
    b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  };
  const ana = openMap();
  const ben = { doc: new Y.Doc(), review: new Y.Doc() };
  Y.applyUpdate(ben.doc, Y.encodeStateAsUpdate(ana.doc));
  Y.applyUpdate(ben.review, Y.encodeStateAsUpdate(ana.review));
  wire(ana.doc, ben.doc);
  wire(ana.review, ben.review);
  const benReads = () => readMap(ben.doc, ben.review).map;
  return { ana, ben: { ...ben, reviews: createReviewCommands(ben.review), read: benReads } };
}

describe('undoing an import after colleagues reviewed the imported map', () => {
  it('takes back only the import: review work done since stays, what the import removed comes back, what it brought in goes; redo likewise', () => {
    const { ana, ben } = twoPeople();
    const { before } = ana;
    const imported: StallMap = {
      ...ana.imported,
      comments: [{ id: 'c9', target: 'sum', author: 'Importer', text: 'From the file', at: '2026-12-01T09:00:00Z' }],
      assessment: { evaluation: { score: 3, evidence: 'From the file', by: 'Importer', at: '2026-12-01' } },
    };
    ana.replace(imported);

    const comment = ben.reviews.comment({ target: 'sum', author: 'Ben', text: 'Who reads this summary?' });
    ben.reviews.waive({ rule: 'human-join', target: 'j2', reason: 'Legal hands it over by hand', by: 'Ben' });
    ben.reviews.score('architecture', { score: 4, evidence: 'One system of record', by: 'Ben' });
    ben.reviews.resolve('c9', true); // changes an entry the import brought in
    const benWork = (map: StallMap) => ({
      comment: map.comments.find((c) => c.id === comment)?.text,
      waiver: map.waivers.find((w) => w.target === 'j2')?.by,
      score: map.assessment?.architecture?.by,
      resolved: map.comments.find((c) => c.id === 'c9')?.resolved,
    });
    const kept = { comment: 'Who reads this summary?', waiver: 'Ben', score: 'Ben', resolved: true };
    expect(benWork(ana.read())).toEqual(kept);

    ana.undo.undo();
    const undone = ana.read();
    expect(undone.title).toBe(before.title);
    expect(benWork(undone)).toEqual(kept);
    // What the import removed is back; what it brought in and nobody touched since is gone.
    expect(undone.comments.find((c) => c.id === 'c1')).toEqual(before.comments[0]);
    expect(undone.waivers.find((w) => w.target === 'j3')).toEqual(before.waivers[0]);
    expect(undone.assessment?.workflow).toEqual(before.assessment?.workflow);
    expect(undone.assessment?.evaluation).toBeUndefined();
    expect(ben.read()).toEqual(undone);

    ana.undo.redo();
    const redone = ana.read();
    expect(redone.title).toBe('Imported');
    expect(benWork(redone)).toEqual(kept);
    expect(redone.comments.map((c) => c.id).sort()).toEqual([comment, 'c9'].sort());
    expect(redone.waivers.map((w) => w.target)).toEqual(['j2']);
    expect(redone.assessment).toEqual({ architecture: expect.objectContaining({ by: 'Ben' }), evaluation: imported.assessment?.evaluation });
    expect(ben.read()).toEqual(redone);
  });
});
