import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { itemFromFields, readMap, stepsOf, writeMap } from '../../src/collab/doc';
import { keepsLocalCopy, mayWriteMap, watchRefusedWrites } from '../../src/collab/map-writes';
import { createUndoManager } from '../../src/collab/undo';
import type { Role } from '../../src/store/sessionSlice';
import { loadFixture } from '../fixtures/load';

/** A page's doc holding the example map as the server sent it, with commands under a given access. */
function page(access: { role: Role; reviewMode: boolean }) {
  const doc = new Y.Doc();
  writeMap(doc, loadFixture('contract-review'), 'server');
  const refused: string[] = [];
  const commands = createCommands(doc, createUndoManager(doc), { mayWrite: () => mayWriteMap(access), refused: (command) => refused.push(command) });
  return { doc, commands, refused };
}

describe('commands on a page that may not change the map', () => {
  for (const access of [{ role: 'view', reviewMode: true }, { role: 'review', reviewMode: true }, { role: 'edit', reviewMode: true }] as const) {
    it(`write nothing (${access.role}${access.role === 'edit' ? ' in review mode' : ''}) and say each was refused`, () => {
      const { doc, commands, refused } = page(access);
      const before = Y.encodeStateVector(doc);
      const updates: unknown[] = [];
      doc.on('update', (update) => updates.push(update));
      expect(commands.addStep('human', { x: 0, y: 0 })).toBeUndefined();
      expect(commands.connect('in', 'chk')).toBeUndefined();
      expect(commands.duplicate(['sum']).size).toBe(0);
      commands.updateStep('sum', { label: 'changed' });
      commands.moveSteps({ sum: { x: 999, y: 999 } });
      commands.updateJoin('j1', { handoff: 'meeting' });
      commands.deleteElements(['chk']);
      commands.setMeta({ title: 'changed' });
      commands.setMapValue('volumePerWeek', 10);
      commands.replaceMap(loadFixture('contract-review'));
      expect(updates).toEqual([]);
      expect(Y.encodeStateVector(doc)).toEqual(before);
      expect(refused).toEqual(['addStep', 'connect', 'duplicate', 'updateStep', 'moveSteps', 'updateJoin', 'deleteElements', 'setMeta', 'setMapValue', 'replaceMap']);
    });
  }

  it('an edit link out of review mode writes as before', () => {
    const { doc, commands, refused } = page({ role: 'edit', reviewMode: false });
    const id = commands.connect('in', 'chk');
    expect(readMap(doc).map.joins.map((j) => j.id)).toContain(id);
    expect(refused).toEqual([]);
  });
});

describe('a change that slips past the commands', () => {
  it('is noticed on a link that may not write the map, once; the server’s and IndexedDB’s changes are not', () => {
    const doc = new Y.Doc();
    let role: Role = 'view';
    let noticed = 0;
    watchRefusedWrites(doc, () => role, () => noticed++);
    const server = new Y.Doc();
    writeMap(server, loadFixture('contract-review'));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'provider');
    expect(noticed).toBe(0);
    stepsOf(doc).set('ghost', itemFromFields({ kind: 'human', label: 'ghost' }));
    stepsOf(doc).set('ghost2', itemFromFields({ kind: 'human', label: 'ghost' }));
    expect(noticed).toBe(1);

    const editor = new Y.Doc();
    let edits = 0;
    role = 'edit';
    watchRefusedWrites(editor, () => role, () => edits++);
    stepsOf(editor).set('fine', itemFromFields({ kind: 'human', label: 'fine' }));
    expect(edits).toBe(0);
  });

  it('only an edit link keeps the map in IndexedDB; a review link keeps its review doc', () => {
    expect(keepsLocalCopy('edit')).toEqual({ map: true, review: true });
    expect(keepsLocalCopy('review')).toEqual({ map: false, review: true });
    expect(keepsLocalCopy('view')).toEqual({ map: false, review: false });
  });
});
