import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import type { MapLimits } from '../../src/store/sessionSlice';
import { loadFixture } from '../fixtures/load';

/** The example map (4 steps, 3 joins) on an edit page of a server that takes at most `limits`. */
function page(limits: MapLimits | null) {
  const doc = new Y.Doc();
  writeMap(doc, loadFixture('contract-review'), 'server');
  const said: string[] = [];
  const access = { mayWrite: () => true, refused: (command: string, why?: string) => said.push(`${command}: ${why}`), limits: () => limits };
  return { doc, commands: createCommands(doc, undefined, access), redesign: createRedesignCommands(doc, undefined, access), said };
}

describe('a change that would grow the map past the server’s limits', () => {
  it('is refused on the page, before anything is written, and the person is told why', () => {
    const { doc, commands, redesign, said } = page({ steps: 4, joins: 3 });
    const before = Y.encodeStateAsUpdate(doc);
    expect(commands.addStep('human', { x: 0, y: 0 })).toBeUndefined();
    expect(commands.addNext('sum', 'human', { x: 0, y: 0 })).toBeUndefined();
    expect(commands.connect('in', 'chk')).toBeUndefined();
    expect(commands.duplicate(['sum']).size).toBe(0);
    expect(commands.insert({ steps: [{ id: 'x', kind: 'human', label: 'Pasted' }], joins: [] }, { x: 0, y: 0 }).size).toBe(0);
    const larger = loadFixture('contract-review');
    commands.replaceMap({ ...larger, steps: [...larger.steps, { id: 'extra', kind: 'human', label: 'Extra' }] });
    expect(redesign.startRedesign()).toBe(false);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(said).toEqual([
      'addStep: Nothing was added: the map would have 5 steps, over the 4 this server takes.',
      'addNext: Nothing was added: the map would have 5 steps, over the 4 this server takes.',
      'connect: Nothing was added: the map would have 4 joins, over the 3 this server takes.',
      'duplicate: Nothing was added: the map would have 5 steps, over the 4 this server takes.',
      'paste: Nothing was added: the map would have 5 steps, over the 4 this server takes.',
      'replaceMap: Nothing was added: the map would have 5 steps, over the 4 this server takes.',
      'startRedesign: Nothing was added: the map would have 8 steps, over the 4 this server takes.',
    ]);
  });

  it('leaves every change that does not grow the map, and one that fits, as it was', () => {
    const { doc, commands, said } = page({ steps: 5, joins: 4 });
    commands.moveSteps({ sum: { x: 10, y: 10 } });
    commands.updateStep('sum', { label: 'Summarise' });
    // A pasted join to a step that was not pasted is left out, so it is not counted either.
    const copies = commands.insert({ steps: [{ id: 'x', kind: 'human', label: 'Pasted' }], joins: [{ id: 'j', from: 'x', to: 'elsewhere', handoff: 'manual' }] }, { x: 0, y: 0 });
    expect(copies.size).toBe(1);
    expect(commands.connect('in', 'chk')).toBeDefined();
    const map = readMap(doc).map;
    expect([map.steps.length, map.joins.length]).toEqual([5, 4]);
    expect(map.steps.find((s) => s.id === 'sum')?.label).toBe('Summarise');
    expect(said).toEqual([]);
  });

  it('still lets a map already past a limit shrink and change', () => {
    const { doc, commands, said } = page({ steps: 2, joins: 1 });
    commands.deleteElements(['chk']);
    commands.updateStep('sum', { label: 'Summarise' });
    expect(readMap(doc).map.steps.map((s) => s.id).sort()).toEqual(['in', 'out', 'sum']);
    expect(said).toEqual([]);
  });

  it('is not checked before the server has said its limits', () => {
    const { commands, said } = page(null);
    expect(commands.addStep('human', { x: 0, y: 0 })).toBeDefined();
    expect(said).toEqual([]);
  });
});

describe('an import into the open map past the bytes the server holds', () => {
  it('is refused before anything is written, in words; one that fits is made', () => {
    const { doc, commands, said } = page({ steps: 10_000, joins: 20_000, docBytes: 4096 });
    const before = Y.encodeStateAsUpdate(doc);
    const larger = loadFixture('contract-review');
    commands.replaceMap({ ...larger, description: 'x'.repeat(8000) });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(said).toEqual(['replaceMap: Nothing was changed: the map would be larger than the 4096 bytes this server holds.']);
    commands.replaceMap({ ...larger, title: 'Fits' });
    expect(readMap(doc).map.title).toBe('Fits');
  });
});
