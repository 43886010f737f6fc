import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { beforeAfterRows } from '../../../src/core/analyzer/before-after';
import type { StallMap } from '../../../src/core/model';
import { planMarkdown } from '../../../src/core/plan';
import { findTemplate } from '../../../src/core/templates';

/**
 * The invoice-processing template with a redesign started from it, and the re-keying and the
 * second approval deleted with their joins: nothing leads from the start to the end any more.
 * Such a redesign costs nobody nothing: no item gets through it, so its staff time is unknown,
 * never 0, and never a saving of all of today's.
 */
function brokenRedesign(): StallMap {
  const today = findTemplate('invoice-processing')?.map as StallMap;
  const gone = new Set(['rekey', 'appr2']);
  return {
    ...today,
    redesign: {
      steps: today.steps.filter((s) => !gone.has(s.id)),
      joins: today.joins.filter((j) => !gone.has(j.from) && !gone.has(j.to)),
    },
  };
}

describe('a redesign with no path from a start to an end', () => {
  const map = brokenRedesign();
  const result = analyze(map);
  const redesign = result.redesign as NonNullable<typeof result.redesign>;

  it('has no staff minutes or staff hours, and no change in them', () => {
    expect(redesign.metrics.criticalPath).toEqual([]);
    expect(redesign.now.staffMinutesPerItem).toBeGreaterThan(0);
    expect(redesign.now.staffHoursPerWeek).toBeGreaterThan(0);
    expect(redesign.redesigned.staffMinutesPerItem).toBeUndefined();
    expect(redesign.redesigned.staffHoursPerWeek).toBeUndefined();
    expect(redesign.delta.staffMinutesPerItem).toBeUndefined();
    expect(redesign.delta.staffHoursPerWeek).toBeUndefined();
    // Nor a cost of its checks per item: no item reaches them.
    expect(redesign.redesigned.checkMinutesPerItem).toBeUndefined();
  });

  it('shows the staff rows of the compare table as unknown, never as a saving', () => {
    const rows = beforeAfterRows(redesign).filter((r) => r.figure === 'staffMinutesPerItem' || r.figure === 'staffHoursPerWeek');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.after).toBe('—');
      // Nothing to compare: not "" (unchanged), which the compare view showed as "=".
      expect(row.change).toBeUndefined();
      expect(row.better).toBeUndefined();
    }
  });

  it('says so in the plan, as for the lead time', () => {
    const plan = planMarkdown(map, result, { now: new Date('2026-12-02') });
    expect(plan).toContain('| Staff hours a week | 1,084 | none: no path from a start to an end | — |');
  });
});

describe('the checks’ cost per item', () => {
  it('counts a check as often as items pass it: a tenth on a branch a tenth of items take, each time round a loop', () => {
    const step = (id: string, kind: StallMap['steps'][number]['kind'], extra = {}) => ({ id, kind, label: id, owner: 'Ops', ...extra });
    const map = {
      format: 'stallmap/map',
      version: 2,
      id: 'checks',
      title: 'Checks',
      steps: [step('in', 'start'), step('work', 'human', { workMinutes: 10 }), step('rare', 'verification', { workMinutes: 60, verifies: ['work'] }), step('loop', 'verification', { workMinutes: 10, verifies: ['work'] }), step('out', 'end')],
      joins: [
        { id: 'j1', from: 'in', to: 'work', handoff: 'system' },
        { id: 'j2', from: 'work', to: 'rare', handoff: 'system', share: 0.1 },
        { id: 'j3', from: 'work', to: 'loop', handoff: 'system', share: 0.9 },
        { id: 'j4', from: 'rare', to: 'loop', handoff: 'system' },
        { id: 'j5', from: 'loop', to: 'work', handoff: 'system', share: 0.5, rework: true },
        { id: 'j6', from: 'loop', to: 'out', handoff: 'system', share: 0.5 },
      ],
    } as unknown as StallMap;
    const result = analyze({ ...map, redesign: { steps: map.steps, joins: map.joins } });
    // Each item goes round twice on average: 'rare' 0.1 × 2 × 60 = 12, 'loop' 2 × 10 = 20.
    expect(result.redesign?.now.checkMinutesPerItem).toBeCloseTo(32, 5);
  });
});
