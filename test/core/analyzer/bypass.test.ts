import { describe, expect, it } from 'vitest';
import { applyBypass, planBypass } from '../../../src/core/analyzer/bypass';
import { buildMap } from './build';

/** A check, three approvals in a row, then the outcome, with the hand-offs and waits of a real chain. */
const chain = () =>
  buildMap(
    [
      { id: 'in', kind: 'start' },
      { id: 'check', kind: 'verification', workMinutes: 10 },
      { id: 'a1', kind: 'approval', workMinutes: 5, waitMinutes: 1440 },
      { id: 'a2', kind: 'approval', workMinutes: 5, waitMinutes: 1440 },
      { id: 'a3', kind: 'approval', workMinutes: 2, waitMinutes: 2880 },
      { id: 'out', kind: 'end' },
    ],
    [
      ['in', 'check', { handoff: 'system' }],
      ['check', 'a1', { handoff: 'manual', waitMinutes: 240, label: 'PDF emailed' }],
      ['a1', 'a2', { handoff: 'manual', label: 'forwarded' }],
      ['a2', 'a3', { handoff: 'meeting', waitMinutes: 4320, label: 'weekly finance meeting' }],
      ['a3', 'out', { handoff: 'system' }],
    ],
  );

describe('taking steps out of the way', () => {
  it('folds a chain into the join before it: waits added, the more manual hand-off, both labels', () => {
    const map = chain();
    const after = applyBypass(map, planBypass(map, ['a1', 'a2']));
    expect(after.steps.map((s) => s.id)).toEqual(['in', 'check', 'a3', 'out']);
    expect(after.joins.map((j) => j.id)).toEqual(['in-check', 'check-a1', 'a3-out']);
    expect(after.joins[1]).toEqual({
      id: 'check-a1',
      from: 'check',
      to: 'a3',
      handoff: 'meeting',
      waitMinutes: 240 + 4320,
      label: 'PDF emailed, then forwarded, then weekly finance meeting',
    });
  });

  it('leaves a step with a choice to make: two ways in, two ways out, a rework join, or neighbours already joined', () => {
    const twoIn = buildMap(
      [{ id: 'in', kind: 'start' }, { id: 'x', kind: 'human' }, { id: 'a', kind: 'approval' }, { id: 'out', kind: 'end' }],
      [['in', 'x'], ['in', 'a'], ['x', 'a'], ['a', 'out']],
    );
    const rework = buildMap(
      [{ id: 'in', kind: 'start' }, { id: 'x', kind: 'human' }, { id: 'a', kind: 'approval' }, { id: 'out', kind: 'end' }],
      [['in', 'x'], ['x', 'a'], ['a', 'x', { rework: true, share: 0.2 }], ['a', 'out']],
    );
    const joined = buildMap(
      [{ id: 'in', kind: 'start' }, { id: 'a', kind: 'approval' }, { id: 'out', kind: 'end' }],
      [['in', 'a'], ['a', 'out'], ['in', 'out', { share: 0.5 }]],
    );
    for (const map of [twoIn, rework, joined]) {
      const plan = planBypass(map, ['a']);
      expect(plan.steps).toEqual([]);
      expect(applyBypass(map, plan)).toEqual(map);
    }
  });

  it('carries the share of items that took both joins, and drops the removed step from what checks verify', () => {
    const map = buildMap(
      [
        { id: 'in', kind: 'start' },
        { id: 'pick', kind: 'human' },
        { id: 'a', kind: 'approval' },
        { id: 'qa', kind: 'verification', verifies: ['a', 'pick'] },
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'pick'],
        ['pick', 'a', { share: 0.4 }],
        ['pick', 'qa', { share: 0.6 }],
        ['a', 'out', { share: 0.5, waitMinutes: 30 }],
        ['qa', 'out'],
      ],
    );
    const after = applyBypass(map, planBypass(map, ['a', 'missing']));
    expect(after.joins.find((j) => j.id === 'pick-a')).toMatchObject({ to: 'out', share: 0.2, waitMinutes: 30 });
    expect(after.steps.find((s) => s.id === 'qa')?.verifies).toEqual(['pick']);
  });
});
