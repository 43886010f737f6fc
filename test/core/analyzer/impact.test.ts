import { describe, expect, it } from 'vitest';
import { analyze, type Finding, type RuleId } from '../../../src/core/analyzer';
import { buildMap, type JoinSpec, type StepSpec } from './build';

/**
 * Each rule's fix model, applied by hand: a small map per rule, and the minutes its fix takes off
 * the lead time and the staff time, worked out in the comments.
 */
const findingOf = (rule: RuleId, steps: StepSpec[], joins: JoinSpec[], target?: string, extra?: Record<string, unknown>): Finding => {
  const found = analyze(buildMap(steps, joins, extra)).findings.filter((f) => f.rule === rule && (!target || f.targets[0] === target));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('impact of each rule’s fix model', () => {
  it('human-join: the join becomes a system join with no wait, and a hand-off step it touches does no work', () => {
    // in → ai (2) ─manual, 60 min─> rekey (handoff: 10 work, 5 wait) ─system─> clerk (20) → out
    // Lead time 2 + 60 + 15 + 20 = 97. Fixing ai → rekey: 60 + 15 = 75 off; the re-keying's
    // 10 minutes of a person's work per item go too. Fixing rekey → clerk (no wait): 15 off, 10 staff.
    const steps: StepSpec[] = [
      { id: 'in', kind: 'start' },
      { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 2, manualMinutes: 30 },
      { id: 'rekey', kind: 'handoff', owner: 'Ops', workMinutes: 10, waitMinutes: 5 },
      { id: 'clerk', kind: 'human', owner: 'Ops', workMinutes: 20 },
      { id: 'out', kind: 'end' },
    ];
    const joins: JoinSpec[] = [['in', 'ai', { handoff: 'system' }], ['ai', 'rekey', { waitMinutes: 60 }], ['rekey', 'clerk', { handoff: 'system' }], ['clerk', 'out', { handoff: 'system' }]];
    expect(findingOf('human-join', steps, joins, 'ai-rekey').impact).toEqual({ leadTimeMinutes: 75, staffMinutesPerItem: 10 });
    expect(findingOf('human-join', steps, joins, 'rekey-clerk').impact).toEqual({ leadTimeMinutes: 15, staffMinutesPerItem: 10 });
    expect(findingOf('human-join', steps, joins, 'ai-rekey').fix).toEqual({
      joins: [{ id: 'ai-rekey', handoff: 'system', waitMinutes: 0 }],
      steps: [{ id: 'rekey', workMinutes: 0, waitMinutes: 0 }],
    });
  });

  it('verification-exceeds-work: the check samples 10% of items', () => {
    // in → ai (2, by hand 30) → chk (40 work + 20 wait, every item) → out: lead 62. At 10% the
    // check counts (40 + 20) × 0.1 = 6: 54 off; its 40 staff minutes become 4: 36 off.
    const f = findingOf(
      'verification-exceeds-work',
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 2, manualMinutes: 30 },
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 40, waitMinutes: 20, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'chk', { handoff: 'system' }], ['chk', 'out', { handoff: 'system' }]],
    );
    expect(f.impact).toEqual({ leadTimeMinutes: 54, staffMinutesPerItem: 36 });
  });

  it('no-accountable-owner: a named owner gives the queue a one-day service level, and the parallel branch then sets the pace', () => {
    // in → fork: legal (approval, nobody owns it: 30 work, 4,000 wait) | pricing (3,000 work) → meet → out.
    // Lead 4,030 through legal. With a one-day queue legal takes 30 + 1,440 = 1,470, so pricing's
    // 3,000 is the longest: 1,030 off, not 2,560. No person's work changes.
    const f = findingOf(
      'no-accountable-owner',
      [
        { id: 'in', kind: 'start' },
        { id: 'legal', kind: 'approval', workMinutes: 30, waitMinutes: 4000 },
        { id: 'pricing', kind: 'system', owner: 'Ops', workMinutes: 3000 },
        { id: 'meet', kind: 'system', owner: 'Ops' },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'legal', { handoff: 'system' }], ['in', 'pricing', { handoff: 'system' }], ['legal', 'meet', { handoff: 'system' }], ['pricing', 'meet', { handoff: 'system' }], ['meet', 'out', { handoff: 'system' }]],
    );
    expect(f.impact).toEqual({ leadTimeMinutes: 1030, staffMinutesPerItem: 0 });
  });

  it('no-accountable-owner on an external step: naming an owner sets no outside party’s queue, so it buys no lead time', () => {
    // in → file (human, 30) → regulator (external, nobody owns it: 60 work, 28,800 wait) → out.
    // A one-day service level is the organisation's to give, not the regulator's: nothing off.
    const f = findingOf(
      'no-accountable-owner',
      [
        { id: 'in', kind: 'start' },
        { id: 'file', kind: 'human', owner: 'Ops', workMinutes: 30 },
        { id: 'regulator', kind: 'human', external: true, workMinutes: 60, waitMinutes: 28_800 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'file', { handoff: 'system' }], ['file', 'regulator', { handoff: 'system' }], ['regulator', 'out', { handoff: 'system' }]],
    );
    expect(f.impact).toEqual({ leadTimeMinutes: 0, staffMinutesPerItem: 0 });
    expect(f.fix).toBeUndefined();
  });

  it('approval-chain: one approval remains, the last; the others do no work and have no wait', () => {
    // ai → a1 (10 + 100) → a2 (10 + 200) → a3 (10 + 300) → out: a1 and a2 go: 320 off the lead
    // time, and their 20 minutes of approvers' work.
    const f = findingOf(
      'approval-chain',
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 60 },
        { id: 'a1', kind: 'approval', owner: 'Lead', workMinutes: 10, waitMinutes: 100 },
        { id: 'a2', kind: 'approval', owner: 'Head', workMinutes: 10, waitMinutes: 200 },
        { id: 'a3', kind: 'approval', owner: 'CFO', workMinutes: 10, waitMinutes: 300 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'a1', { handoff: 'system' }], ['a1', 'a2', { handoff: 'system' }], ['a2', 'a3', { handoff: 'system' }], ['a3', 'out', { handoff: 'system' }]],
    );
    expect(f.impact).toEqual({ leadTimeMinutes: 320, staffMinutesPerItem: 20 });
  });

  it('work-did-not-move: the largest wait the organisation controls is halved, never an external one', () => {
    // in → ai ─1,000─> clerk ─200─> payer (external, 5,000 queue) → out. The payer's queue and the
    // 200 min in transit to it are the payer's; the 1,000-minute join is halved: 500 off.
    const f = findingOf(
      'work-did-not-move',
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 2 },
        { id: 'clerk', kind: 'human', owner: 'Ops', workMinutes: 5 },
        { id: 'payer', kind: 'human', owner: 'Payer', external: true, waitMinutes: 5000 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'clerk', { handoff: 'system', waitMinutes: 1000 }], ['clerk', 'payer', { handoff: 'system', waitMinutes: 200 }], ['payer', 'out', { handoff: 'system' }]],
    );
    expect(f.targets[0]).toBe('ai-clerk');
    expect(f.fix).toEqual({ steps: [], joins: [{ id: 'ai-clerk', waitMinutes: 500 }] });
    expect(f.impact).toEqual({ leadTimeMinutes: 500, staffMinutesPerItem: 0 });
  });

  it('override-rate, unverified-ai-output and dangling-step buy no time', () => {
    const result = analyze(
      buildMap(
        [{ id: 'in', kind: 'start' }, { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 2, overrideRate: 0.4 }, { id: 'lost', kind: 'human', owner: 'Ops', workMinutes: 9 }, { id: 'out', kind: 'end' }],
        [['in', 'ai', { handoff: 'system' }], ['ai', 'out', { handoff: 'system' }]],
      ),
    );
    for (const rule of ['override-rate', 'unverified-ai-output', 'dangling-step'] as const) {
      const found = result.findings.filter((f) => f.rule === rule);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) expect(f.impact).toEqual({ leadTimeMinutes: 0, staffMinutesPerItem: 0 });
    }
  });

  it('turns staff minutes into staff hours a week with the map’s volume', () => {
    const f = findingOf(
      'verification-exceeds-work',
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 2, manualMinutes: 30 },
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 40, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'chk', { handoff: 'system' }], ['chk', 'out', { handoff: 'system' }]],
      undefined,
      { version: 2, volumePerWeek: 100 },
    );
    // 36 staff minutes per item × 100 items a week / 60 = 60 hours a week.
    expect(f.impact).toEqual({ leadTimeMinutes: 36, staffMinutesPerItem: 36, staffHoursPerWeek: 60 });
  });
});
