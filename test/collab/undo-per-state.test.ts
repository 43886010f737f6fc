import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands, type WorkflowState } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { replaceWithReview } from '../../src/collab/replaceWithReview';
import { createUndoManager } from '../../src/collab/undo';
import type { StallMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';

/** One page on the contract-review map: the state it shows, its commands and undo, as the session wires them. */
function page() {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  writeMap(doc, loadFixture('contract-review'), null, review);
  const view = { shown: 'now' as WorkflowState };
  const shown = () => view.shown;
  const undo = createUndoManager(doc, shown);
  const commands = createCommands(doc, undo, undefined, shown);
  const replace = replaceWithReview(undo, review, commands.replaceMap);
  const read = () => readMap(doc, review).map;
  // As the session does: a change of view ends the undo step being captured.
  const show = (state: WorkflowState) => {
    view.shown = state;
    undo.stopCapturing();
  };
  return { show, undo, commands, redesign: createRedesignCommands(doc, undo), replace, read };
}

const ownerOf = (map: StallMap, id: string, state: 'now' | 'redesign') => (state === 'now' ? map : map.redesign)?.steps.find((s) => s.id === id)?.owner;

describe('undo follows the state on screen', () => {
  it('leaves the redesign alone in the Now view, and takes back its edits, then its start, in the Redesign view', () => {
    const { show, undo, commands, redesign, read } = page();
    show('redesign');
    redesign.startRedesign();
    commands.updateStep('chk', { owner: 'Legal ops' });
    const redesigned = read();
    expect(ownerOf(redesigned, 'chk', 'redesign')).toBe('Legal ops');

    show('now');
    expect([undo.canUndo(), undo.canRedo()]).toEqual([false, false]);
    undo.undo();
    undo.undo();
    expect(read()).toEqual(redesigned);

    show('redesign');
    expect(undo.canUndo()).toBe(true);
    undo.undo();
    expect(ownerOf(read(), 'chk', 'redesign')).not.toBe('Legal ops');
    undo.undo();
    expect(read().redesign).toBeUndefined();
    expect(undo.canUndo()).toBe(false);
    undo.redo();
    undo.redo();
    expect(read()).toEqual(redesigned);
  });

  it('keeps a history per state: each view undoes and redoes its own edits, in its own order', () => {
    const { show, undo, commands, redesign, read } = page();
    const start = read();
    commands.updateStep('chk', { owner: 'Today' });
    show('redesign');
    redesign.startRedesign();
    commands.updateStep('sum', { owner: 'Redesigned' });
    show('now');
    commands.updateStep('in', { owner: 'Today too' });
    expect(ownerOf(read(), 'in', 'redesign')).toBe(ownerOf(start, 'in', 'now'));

    undo.undo();
    undo.undo();
    expect(read().steps).toEqual(start.steps);
    expect(ownerOf(read(), 'sum', 'redesign')).toBe('Redesigned');
    expect(undo.canUndo()).toBe(false);

    show('redesign');
    // Undone in Now, redo waits there: the redesign's history has nothing to redo.
    expect(undo.canRedo()).toBe(false);
    undo.undo();
    expect(ownerOf(read(), 'sum', 'redesign')).toBe(ownerOf(start, 'sum', 'now'));
    expect(read().steps).toEqual(start.steps);

    show('now');
    undo.redo();
    expect(ownerOf(read(), 'chk', 'now')).toBe('Today');
  });

  it('undoes an import, with its review data, in the view it was made in only', () => {
    const { show, undo, replace, read } = page();
    const before = read();
    replace({ ...loadFixture('contract-review'), title: 'Imported', waivers: [], comments: [] });
    expect([read().title, read().comments]).toEqual(['Imported', []]);

    show('redesign');
    expect(undo.canUndo()).toBe(false);
    undo.undo();
    expect([read().title, read().comments]).toEqual(['Imported', []]);

    show('now');
    undo.undo();
    expect(read()).toEqual(before);
    undo.redo();
    expect([read().title, read().comments]).toEqual(['Imported', []]);
  });
});
