import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { beforeAfterRows } from '../../../src/core/analyzer/before-after';
import { compareStates, marksById } from '../../../src/core/analyzer/compare-states';
import type { Join, Step } from '../../../src/core/model';
import { contractReviewRedesigned, loadMap } from './fixtures';

/**
 * Today's contract review against a redesign worked out by hand: the paralegal's re-read (`chk`)
 * is gone, replaced by a sampled check (`spot`) that a named counsel owns; the summariser gets a
 * named owner and runs in 1 minute instead of 2; the email (`j2`) becomes an API call; the weekly
 * committee join (`j3`) is removed with `chk`, and two new joins (`k1`, `k2`) route through `spot`.
 * The start and end and `j1` are untouched (a moved step is not a change).
 */
describe('compareStates: today against the redesign, by id', () => {
  const now = loadMap('contract-review.json');
  const step = (id: string) => now.steps.find((s) => s.id === id) as Step;
  const join = (id: string) => now.joins.find((j) => j.id === id) as Join;
  const redesign = {
    steps: [
      { ...step('in'), position: { x: 10, y: 90 } },
      { ...step('sum'), owner: 'Named counsel', workMinutes: 1 },
      { id: 'spot', kind: 'verification' as const, label: 'Counsel samples summaries', owner: 'Named counsel', workMinutes: 10, sampleRate: 0.1, verifies: ['sum'] },
      step('out'),
    ],
    joins: [join('j1'), { ...join('j2'), to: 'spot', handoff: 'system' as const, waitMinutes: 0 }, { id: 'k2', from: 'spot', to: 'out', handoff: 'system' as const }],
  };
  const comparison = compareStates(now, redesign);
  const byId = new Map(comparison.changes.map((c) => [c.id, c]));

  it('marks removed and added steps and joins', () => {
    expect(byId.get('chk')?.marks).toEqual(['removed']);
    expect(byId.get('j3')?.marks).toEqual(['removed']);
    expect(byId.get('spot')).toMatchObject({ element: 'step', marks: ['added'], after: { label: 'Counsel samples summaries' } });
    expect(byId.get('k2')).toMatchObject({ element: 'join', marks: ['added'] });
  });

  it('marks a changed owner and a changed duration on the same step, with before and after', () => {
    expect(byId.get('sum')?.marks).toEqual(['owner', 'duration']);
    expect(byId.get('sum')?.fields).toEqual([
      { field: 'owner', before: 'Legal Ops lead', after: 'Named counsel' },
      { field: 'workMinutes', before: 2, after: 1 },
    ]);
  });

  it('marks a join whose hand-off changed, and its new route and wait', () => {
    expect(byId.get('j2')?.marks).toEqual(['handoff', 'duration', 'changed']);
    expect(byId.get('j2')?.fields).toEqual([
      { field: 'handoff', before: 'manual', after: 'system' },
      { field: 'waitMinutes', before: 60, after: 0 },
      { field: 'to', before: 'chk', after: 'spot' },
    ]);
  });

  it('leaves out what did not change, a moved step included', () => {
    for (const id of ['in', 'out', 'j1']) expect(byId.has(id)).toBe(false);
    expect([...marksById(comparison).keys()]).toEqual(['sum', 'chk', 'spot', 'j2', 'j3', 'k2']);
  });

  it('counts each mark', () => {
    expect(comparison.counts).toEqual({ removed: 2, added: 2, handoff: 1, owner: 1, duration: 2, changed: 1 });
  });

  it('reads a join with no hand-off as manual and a blank owner as none, as the analyzer does', () => {
    const a = { steps: [{ ...step('sum'), owner: '  ' }], joins: [{ id: 'x', from: 'a', to: 'b' } as Join] };
    const b = { steps: [{ ...step('sum'), owner: undefined }], joins: [{ id: 'x', from: 'a', to: 'b', handoff: 'manual' as const }] };
    expect(compareStates(a, b).changes).toEqual([]);
  });

  it('finds nothing between a state and its copy', () => {
    expect(compareStates(now, { steps: now.steps.map((s) => ({ ...s })), joins: now.joins.map((j) => ({ ...j })) })).toEqual({
      changes: [],
      counts: { removed: 0, added: 0, handoff: 0, owner: 0, duration: 0, changed: 0 },
    });
  });
});

/**
 * The table's rows for the redesign of the analyzer's own test (redesign.test.ts): lead time
 * 4,672 min (3d 5h 52m) to 31 min, staff 50 to 5 minutes per item, one manual join and one meeting
 * to none, one check costing 50 min to one costing 5.
 */
describe('beforeAfterRows: the figures in the units of the summary line', () => {
  const map = contractReviewRedesigned();
  const redesign = analyze(map).redesign;
  if (!redesign) throw new Error('the map has a redesign');
  const rows = new Map(beforeAfterRows(redesign).map((r) => [r.figure, r]));

  it('formats durations as the product does and says which way each figure moved', () => {
    expect(rows.get('leadTimeMinutes')).toEqual({ figure: 'leadTimeMinutes', label: 'Lead time', before: '3d 5h 52m', after: '31m', change: '−3d 5h 21m', better: true });
    expect(rows.get('staffMinutesPerItem')).toMatchObject({ before: '50', after: '5', change: '−45' });
    expect(rows.get('manualJoins')).toMatchObject({ before: '1', after: '0', change: '−1', better: true });
    expect(rows.get('meetings')).toMatchObject({ before: '1', after: '0' });
    expect(rows.get('checks')).toMatchObject({ before: '1', after: '1', change: '' });
    expect(rows.get('checks')?.better).toBeUndefined();
    expect(rows.get('checkMinutesPerItem')).toMatchObject({ before: '50m', after: '5m', change: '−45m' });
  });

  it('leaves out what neither state gives, and lists the open errors and warnings', () => {
    expect(rows.has('staffHoursPerWeek')).toBe(false); // the example gives no volume
    expect(rows.has('openErrors')).toBe(true);
    expect(rows.has('openWarnings')).toBe(true);
  });

  it('gives a state without choices its lead time as its typical one, as the plan does, where the other state has choices', () => {
    const figures = { ...redesign.redesigned, typicalLeadTimeMinutes: 20 };
    const typical = beforeAfterRows({ now: redesign.now, redesigned: figures }).find((r) => r.figure === 'typicalLeadTimeMinutes');
    expect(typical).toMatchObject({ before: '3d 5h 52m', after: '20m', better: true });
  });
});
