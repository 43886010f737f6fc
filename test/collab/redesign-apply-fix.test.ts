import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCommands } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { createUndoManager } from '../../src/collab/undo';
import { analyze, applyFix, type RuleId, rules } from '../../src/core/analyzer';
import type { Join, StallMap, Step } from '../../src/core/model';
import { buildMap, type StepSpec } from '../core/analyzer/build';
import { approvalChain } from './shared-maps';

/**
 * "Apply fix in redesign", one rule at a time: a finding of today's state, its rule's fix model
 * applied to the redesign's copy of the targets. The changes expected are written from each
 * rule's fix model (meta.fixModel), not from the finding's `fix`, and nothing else may change in
 * either state; one undo takes the whole fix back.
 */

type FieldChanges<T> = Record<string, Partial<T>>;
interface Case {
  map: StallMap;
  /** Which of the rule's findings to fix: its first target. */
  target: string;
  /** What the fix model says becomes of the redesign's copy, by id. */
  steps: FieldChanges<Step>;
  joins: FieldChanges<Join>;
  /** Steps and joins the fix takes out of the redesign. */
  removed?: string[];
}

const owned = (spec: StepSpec): StepSpec => ({ owner: 'Named owner', ...spec });

const CASES: Partial<Record<RuleId, Case>> = {
  // "The join becomes a system join with no wait; a hand-off step it enters or leaves does no work and has no wait."
  'human-join': {
    map: buildMap(
      [
        { id: 'in', kind: 'start' },
        owned({ id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 30, overrideRate: 0.05 }),
        owned({ id: 'carry', kind: 'handoff', workMinutes: 5, waitMinutes: 30 }),
        owned({ id: 'edit', kind: 'human', workMinutes: 10, waitMinutes: 20 }),
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'draft', { handoff: 'system' }],
        ['draft', 'carry', { handoff: 'manual', waitMinutes: 60, label: 'emailed' }],
        ['carry', 'edit', { handoff: 'system', waitMinutes: 15 }],
        ['edit', 'out', { handoff: 'system' }],
      ],
    ),
    target: 'draft-carry',
    steps: { carry: { workMinutes: 0, waitMinutes: 0 } },
    joins: { 'draft-carry': { handoff: 'system', waitMinutes: 0 } },
  },
  // "A named owner gives the step's queue a one-day service level: its wait is at most 1,440 min (1 d)."
  'no-accountable-owner': {
    map: buildMap(
      [
        { id: 'in', kind: 'start' },
        owned({ id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 30, overrideRate: 0.05 }),
        { id: 'legal', kind: 'approval', owner: 'TBD', workMinutes: 30, waitMinutes: 4320 },
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'draft', { handoff: 'system' }],
        ['draft', 'legal', { handoff: 'system' }],
        ['legal', 'out', { handoff: 'system', waitMinutes: 60 }],
      ],
    ),
    target: 'legal',
    steps: { legal: { waitMinutes: 1440 } },
    joins: {},
  },
  // "The check samples 10% of items (sampleRate 0.1), or keeps its rate if it is already lower."
  'verification-exceeds-work': {
    map: buildMap(
      [
        { id: 'in', kind: 'start' },
        owned({ id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 30, overrideRate: 0.05 }),
        owned({ id: 'qa', kind: 'verification', workMinutes: 40, waitMinutes: 120, verifies: ['draft'] }),
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'draft', { handoff: 'system' }],
        ['draft', 'qa', { handoff: 'system' }],
        ['qa', 'out', { handoff: 'system' }],
      ],
    ),
    target: 'qa',
    steps: { qa: { sampleRate: 0.1 } },
    joins: {},
  },
  // "One approval remains (the last on the chain); the others do no work and have no wait." In the
  // redesign they are taken out of the way: the join into the first goes on to the last, with the
  // waits of the joins it replaces, and the redesign shows one approval, not three.
  'approval-chain': {
    map: approvalChain,
    target: 'draft',
    steps: {},
    joins: { 'draft-a1': { to: 'a3', waitMinutes: 30 } },
    removed: ['a1', 'a2', 'a1-a2', 'a2-a3'],
  },
  // "The largest wait on the critical path that is not external is halved." The vendor's queue
  // (external, 2,000 min) is larger, so the team's own 600-minute queue is the one halved.
  'work-did-not-move': {
    map: buildMap(
      [
        { id: 'in', kind: 'start' },
        owned({ id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 10, overrideRate: 0.05 }),
        owned({ id: 'edit', kind: 'human', workMinutes: 10, waitMinutes: 600 }),
        owned({ id: 'vendor', kind: 'human', workMinutes: 5, waitMinutes: 2000, external: true }),
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'draft', { handoff: 'system' }],
        ['draft', 'edit', { handoff: 'system' }],
        ['edit', 'vendor', { handoff: 'system', waitMinutes: 300 }],
        ['vendor', 'out', { handoff: 'system' }],
      ],
    ),
    target: 'edit',
    steps: { edit: { waitMinutes: 300 } },
    joins: {},
  },
};

/** The fix models that change no minutes: their findings carry no fix, so they offer nothing to apply. */
const NO_FIX = rules.filter((rule) => rule.meta.fixModel.startsWith('No time impact')).map((rule) => rule.meta.id);

/** A state with the given fields changed on the items of those ids, and the `removed` ids gone. */
function changed<State extends { steps: Step[]; joins: Join[] }>(state: State, steps: FieldChanges<Step>, joins: FieldChanges<Join>, removed: string[] = []): State {
  const kept = <T extends { id: string }>(item: T) => !removed.includes(item.id);
  return {
    ...state,
    steps: state.steps.filter(kept).map((s) => ({ ...s, ...steps[s.id] })),
    joins: state.joins.filter(kept).map((j) => ({ ...j, ...joins[j.id] })),
  };
}

/** `map` in a doc with a redesign started from it, the page's commands and one undo manager. */
function started(map: StallMap) {
  const doc = new Y.Doc();
  writeMap(doc, map);
  const undo = createUndoManager(doc);
  const redesign = createRedesignCommands(doc, undo);
  expect(redesign.startRedesign()).toBe(true);
  return { doc, undo, redesign, commands: createCommands(doc, undo, undefined, () => 'redesign') };
}

describe('apply fix in redesign', () => {
  it('covers every rule whose fix model changes minutes', () => {
    const all = rules.map((rule) => rule.meta.id);
    expect(Object.keys(CASES).sort()).toEqual(all.filter((id) => !NO_FIX.includes(id)).sort());
  });

  for (const [rule, c] of Object.entries(CASES) as [RuleId, Case][]) {
    it(`${rule}: changes exactly what the fix model says on the redesign’s copy, and undoes in one step`, () => {
      const { doc, undo, redesign } = started(c.map);
      const before = readMap(doc).map;
      const finding = analyze(before).findings.find((f) => f.rule === rule && f.targets[0] === c.target);
      if (!finding?.fix) throw new Error(`expected a ${rule} finding on ${c.target} with a fix`);
      redesign.applyFix(finding.fix);
      const after = readMap(doc).map;
      // Today's state is as it was: the fix is for the redesign.
      expect({ steps: after.steps, joins: after.joins }).toEqual({ steps: before.steps, joins: before.joins });
      const expected = changed(before.redesign as NonNullable<StallMap['redesign']>, c.steps, c.joins, c.removed);
      expect(after.redesign).toEqual(expected);
      // The doc's command and the format's applyFix (the CLI and the impact) agree.
      expect(after.redesign).toEqual(applyFix(before.redesign as NonNullable<StallMap['redesign']>, finding.fix));
      // What the finding said the fix would buy is what the redesign now shows.
      const { delta } = analyze(after).redesign ?? {};
      expect((delta?.leadTimeMinutes ?? Number.NaN) + finding.impact.leadTimeMinutes).toBe(0);
      expect((delta?.staffMinutesPerItem ?? Number.NaN) + finding.impact.staffMinutesPerItem).toBe(0);
      undo.undo();
      expect(readMap(doc).map).toEqual(before);
      undo.redo();
      expect(readMap(doc).map).toEqual(after);
    });
  }

  it('leaves one approval in the redesign: the chain’s finding is closed there, and the compare shows the others removed', () => {
    const c = CASES['approval-chain'] as Case;
    const { doc, redesign } = started(c.map);
    const finding = analyze(readMap(doc).map).findings.find((f) => f.rule === 'approval-chain');
    if (!finding?.fix) throw new Error('expected the approval-chain finding');
    redesign.applyFix(finding.fix);
    const analysis = analyze(readMap(doc).map).redesign;
    expect(analysis?.findings.filter((f) => f.rule === 'approval-chain')).toEqual([]);
    expect([analysis?.now.approvalsOnAiPath, analysis?.redesigned.approvalsOnAiPath]).toEqual([3, 1]);
  });

  it('applies to what the redesign still has of the targets, and brings back nothing it removed', () => {
    const c = CASES['human-join'] as Case;
    const { doc, redesign, commands } = started(c.map);
    const finding = analyze(readMap(doc).map).findings.find((f) => f.rule === 'human-join' && f.targets[0] === c.target);
    if (!finding?.fix) throw new Error('expected the human-join finding');
    // The team already removed the hand-off step from the redesign (with its joins).
    commands.deleteElements(['carry']);
    commands.connect('draft', 'edit', 'manual');
    const before = readMap(doc).map;
    redesign.applyFix(finding.fix);
    expect(readMap(doc).map).toEqual(before);
  });

  it('never raises what the team already lowered in the redesign: fix models only lower minutes and rates', () => {
    // The fix comes from today's finding, and carries today's numbers (1,440 min at most, 10%, half of 600 min).
    const lowered: [RuleId, string, Partial<Step>][] = [
      ['no-accountable-owner', 'legal', { waitMinutes: 60 }],
      ['verification-exceeds-work', 'qa', { sampleRate: 0.05 }],
      ['work-did-not-move', 'edit', { waitMinutes: 100 }],
    ];
    for (const [rule, id, fields] of lowered) {
      const c = CASES[rule] as Case;
      const { doc, redesign, commands } = started(c.map);
      const finding = analyze(readMap(doc).map).findings.find((f) => f.rule === rule && f.targets[0] === c.target);
      if (!finding?.fix) throw new Error(`expected the ${rule} finding`);
      commands.updateStep(id, fields);
      const before = readMap(doc).map;
      redesign.applyFix(finding.fix);
      expect(readMap(doc).map, rule).toEqual(before);
      expect(applyFix(before.redesign as NonNullable<StallMap['redesign']>, finding.fix), rule).toEqual(before.redesign);
    }
  });

  it('changes nothing from a page that may not write, and says so', () => {
    const c = CASES['approval-chain'] as Case;
    const doc = new Y.Doc();
    writeMap(doc, c.map);
    let writable = true;
    const refused: string[] = [];
    const redesign = createRedesignCommands(doc, undefined, { mayWrite: () => writable, refused: (command) => refused.push(command) });
    redesign.startRedesign();
    const before = readMap(doc).map;
    const finding = analyze(before).findings.find((f) => f.rule === 'approval-chain');
    if (!finding?.fix) throw new Error('expected the approval-chain finding');
    writable = false;
    redesign.applyFix(finding.fix);
    redesign.discardRedesign();
    expect(readMap(doc).map).toEqual(before);
    expect(refused).toEqual(['applyFix', 'discardRedesign']);
  });

  it('offers no fix for the rules whose fix model changes no minutes', () => {
    // An AI step with no check before the outcome, overridden often, and a step off the line.
    const map = buildMap(
      [
        { id: 'in', kind: 'start' },
        owned({ id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 30, overrideRate: 0.5 }),
        owned({ id: 'stray', kind: 'human', workMinutes: 5 }),
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'draft', { handoff: 'system' }],
        ['draft', 'out', { handoff: 'system' }],
      ],
    );
    const findings = analyze(map).findings.filter((f) => (NO_FIX as string[]).includes(f.rule));
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(NO_FIX));
    expect(findings.filter((f) => f.fix)).toEqual([]);
  });
});
