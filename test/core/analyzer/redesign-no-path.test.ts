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
  });

  it('shows the staff rows of the compare table as unknown, never as a saving', () => {
    const rows = beforeAfterRows(redesign).filter((r) => r.figure === 'staffMinutesPerItem' || r.figure === 'staffHoursPerWeek');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.after).toBe('—');
      expect(row.change).toBe('');
      expect(row.better).toBeUndefined();
    }
  });

  it('says so in the plan, as for the lead time', () => {
    const plan = planMarkdown(map, result, { now: new Date('2026-12-02') });
    expect(plan).toContain('| Staff hours a week | 933.3 (numbers missing) | none: no path from a start to an end |');
  });
});
