import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { createUndoManager } from '../../src/collab/undo';
import { analyze, applyFix } from '../../src/core/analyzer';
import { parseMap } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';

/** The contract-review example in a doc, with commands for both states and one undo manager. */
function setup() {
  const parsed = parseMap(loadFixture('contract-review'));
  if (!parsed.ok) throw new Error('fixture');
  const doc = new Y.Doc();
  writeMap(doc, parsed.map);
  const undo = createUndoManager(doc);
  return { doc, undo, map: createCommands(doc, undo), redesign: createRedesignCommands(doc, undo) };
}

describe('the redesign in the doc', () => {
  it('starts as a copy of the current state, same ids, and is edited apart from it afterwards', () => {
    const { doc, map, redesign } = setup();
    expect(redesign.startRedesign()).toBe(true);
    const started = readMap(doc).map;
    expect(started.redesign?.steps).toEqual(started.steps);
    expect(started.redesign?.joins).toEqual(started.joins);
    expect(redesign.startRedesign()).toBe(false); // one redesign at a time: nothing overwritten
    map.updateStep('chk', { workMinutes: 10 });
    const after = readMap(doc).map;
    expect(after.steps.find((s) => s.id === 'chk')?.workMinutes).toBe(10);
    expect(after.redesign?.steps.find((s) => s.id === 'chk')?.workMinutes).toBe(50);
  });

  it('applies a finding’s fix model to the redesign’s copy only, exactly as the fix says, undone in one step', () => {
    const { doc, undo, redesign } = setup();
    redesign.startRedesign();
    const before = readMap(doc).map;
    const finding = analyze(before).findings.find((f) => f.rule === 'human-join' && f.targets[0] === 'j2');
    if (!finding?.fix) throw new Error('expected the human-join finding on j2 to carry its fix');
    redesign.applyFix(finding.fix);
    const fixed = readMap(doc).map;
    expect(fixed.steps).toEqual(before.steps);
    expect(fixed.joins).toEqual(before.joins);
    expect(fixed.redesign).toEqual(applyFix(before.redesign ?? { steps: [], joins: [] }, finding.fix));
    expect(fixed.redesign?.joins.find((j) => j.id === 'j2')).toMatchObject({ handoff: 'system', waitMinutes: 0 });
    // What the fix buys is what the redesign's analysis says it bought.
    expect(analyze(fixed).redesign?.delta.leadTimeMinutes).toBe(-finding.impact.leadTimeMinutes);
    undo.undo();
    expect(readMap(doc).map.redesign).toEqual(before.redesign);
  });

  it('is discarded in one step, and an old map without one opens unchanged', () => {
    const { doc, redesign } = setup();
    expect(readMap(doc).map.redesign).toBeUndefined();
    redesign.startRedesign();
    redesign.discardRedesign();
    expect(readMap(doc).map.redesign).toBeUndefined();
  });
});
