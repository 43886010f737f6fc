import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { beforeAfterRows } from '../../../src/core/analyzer/before-after';
import { planMarkdown } from '../../../src/core/plan';
import { contractReviewRedesigned, loadMap } from './fixtures';

/**
 * The example contract review and a redesign of it: the summary is passed on by the system (no
 * 60-minute email), the paralegal checks one contract in ten, and the weekly committee is
 * replaced by a system join. Worked out by hand:
 *   now:        lead 0 + 2 + 60 + (50 + 240) + 4,320 = 4,672; staff 50 min per item (the check);
 *               2 manual joins? j2 is manual, j3 a meeting: 1 manual join, 1 meeting; 1 check of 50 min.
 *   redesigned: lead 0 + 2 + 0 + (50 + 240) × 0.1 + 0 = 31; staff 5; no manual join, no meeting;
 *               1 check of 5 min. Delta: −4,641 min lead time, −45 staff minutes, −1 manual join, −1 meeting.
 */
describe('the redesign beside the current state', () => {
  const now = loadMap('contract-review.json');
  const map = contractReviewRedesigned();

  it('analyses the redesigned state and gives the change in each figure', () => {
    const { redesign } = analyze(map);
    expect(redesign?.metrics.leadTimeMinutes).toBe(31);
    expect(redesign?.now).toMatchObject({ leadTimeMinutes: 4672, staffMinutesPerItem: 50, manualJoins: 1, meetings: 1, checks: 1, checkMinutesPerItem: 50 });
    expect(redesign?.redesigned).toMatchObject({ leadTimeMinutes: 31, staffMinutesPerItem: 5, manualJoins: 0, meetings: 0, checks: 1, checkMinutesPerItem: 5 });
    expect(redesign?.delta).toMatchObject({ leadTimeMinutes: -4641, staffMinutesPerItem: -45, manualJoins: -1, meetings: -1, checkMinutesPerItem: -45 });
    expect(redesign?.findings.filter((f) => f.rule === 'human-join')).toEqual([]);
  });

  it('gives no lead time, and no change in it, for a redesign with no path from a start to an end: never a 0, never a saving of all of it', () => {
    const broken = { ...map, redesign: { steps: map.redesign?.steps ?? [], joins: (map.redesign?.joins ?? []).slice(1) } };
    const { redesign } = analyze(broken);
    expect(redesign?.metrics.criticalPath).toEqual([]);
    expect(redesign?.redesigned.leadTimeMinutes).toBeUndefined();
    expect(redesign?.redesigned.typicalLeadTimeMinutes).toBeUndefined();
    expect(redesign?.delta.leadTimeMinutes).toBeUndefined();
    expect(redesign?.now.leadTimeMinutes).toBe(4672);
    const row = beforeAfterRows(redesign as NonNullable<typeof redesign>).find((r) => r.figure === 'leadTimeMinutes');
    // No change to show, which is not "unchanged".
    expect(row).toMatchObject({ before: '3d 5h 52m', after: '—' });
    expect(row?.change).toBeUndefined();
    expect(planMarkdown(broken, analyze(broken), { now: new Date('2026-12-02') })).toContain('| Lead time | 3d 5h 52m | none: no path from a start to an end | — |');
  });

  it('has no redesign part for a map without one', () => {
    expect(analyze(now).redesign).toBeUndefined();
  });
});
